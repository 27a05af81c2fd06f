"""Adds shap's own TreeExplainer values to the Tree SHAP cases of automl_trees.json.

shap is not a Debian package; it installs from the machine's package index into a virtual
environment of its own (its NumPy 2 cannot share Debian's scikit-learn 1.2.1, so the trees stay the
ones automl_trees.py exported from Debian's scikit-learn, handed to shap as its documented
dictionary model form):

    python3 -m venv /tmp/venv-shap && /tmp/venv-shap/bin/pip install shap
    /usr/bin/python3 scripts/reference/automl_trees.py        # the trees and the brute force
    /tmp/venv-shap/bin/python scripts/reference/automl_trees_shap.py

Each case gets expected.shap = {values, expectedValue} from
shap.TreeExplainer(model, feature_perturbation="tree_path_dependent").shap_values(rows).
"""
import json
import os
import sys

import numpy as np
import shap

PATH = os.path.join(os.path.dirname(__file__), "..", "..", "src", "automl", "learners", "__tests__", "reference", "automl_trees.json")

with open(PATH) as fh:
    ref = json.load(fh)

for case in ref["shap"]:
    trees = []
    for t in case["trees"]:
        k = t["outputs"]
        left = np.array(t["left"], dtype=np.int32)
        trees.append(
            {
                "children_left": left,
                "children_right": np.array(t["right"], dtype=np.int32),
                "children_default": left.copy(),
                "features": np.array([f if f >= 0 else -2 for f in t["feature"]], dtype=np.int32),
                "thresholds": np.array(t["threshold"], dtype=np.float64),
                # A forest averages its trees: the scale goes into the leaf values.
                "values": np.array(t["value"], dtype=np.float64).reshape(-1, k) * case["scale"],
                "node_sample_weight": np.array(t["cover"], dtype=np.float64),
            }
        )
    model = {"trees": trees, "base_offset": case.get("baseline", 0.0)}
    explainer = shap.TreeExplainer(model, feature_perturbation="tree_path_dependent")
    rows = np.array(case["rows"], dtype=np.float64)
    values = np.asarray(explainer.shap_values(rows))
    k = case["trees"][0]["outputs"]
    if values.ndim == 2:
        values = values[:, :, None]
    if values.shape != (len(rows), case["cols"], k):
        raise SystemExit(f"{case['name']}: unexpected shap output shape {values.shape}")
    # Trees are summed by shap; the brute force's expectedValue excludes the baseline, shap's includes it.
    case["expected"]["shap"] = {
        "values": [float(v) for v in values.reshape(-1)],
        "expectedValue": [float(v) for v in np.atleast_1d(explainer.expected_value)],
    }
    worst = np.max(np.abs(values.reshape(-1) - np.array(case["expected"]["values"])))
    print(f"{case['name']}: shap vs brute force, largest difference {worst:.3g}")

ref["versions"]["shap"] = shap.__version__
ref["versions"]["shap_numpy"] = np.__version__
with open(PATH, "w") as fh:
    json.dump(ref, fh, separators=(",", ":"))
    fh.write("\n")
print(f"added shap {shap.__version__} values to {len(ref['shap'])} cases", file=sys.stderr)
