"""Runs every code cell of examples/quickstart.ipynb, top to bottom, in one namespace, against the
live API named by ASSAY_URL and ASSAY_API_KEY: the notebook a newcomer opens must work."""

import contextlib
import io
import json
import os
import unittest

NOTEBOOK = os.path.join(os.path.dirname(__file__), "..", "examples", "quickstart.ipynb")


class NotebookTest(unittest.TestCase):
    def test_quickstart_runs_top_to_bottom(self):
        with open(NOTEBOOK) as f:
            cells = [c for c in json.load(f)["cells"] if c["cell_type"] == "code"]
        self.assertGreaterEqual(len(cells), 4)
        namespace: dict = {"__name__": "__notebook__"}
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            for i, cell in enumerate(cells):
                source = "".join(cell["source"])
                exec(compile(source, f"quickstart.ipynb[cell {i}]", "exec"), namespace)
        text = out.getvalue()
        # The notebook's data is golden case accuracy-003 (scikit-learn: 0.6666666666666666).
        self.assertIn("accuracy 0.6666666666666666", text)
        self.assertIn("refused:", text)
        self.assertIn("finished 20 points", text)
        self.assertIn("production is version 1", text)


if __name__ == "__main__":
    unittest.main()
