"""Text batch tests (evaluate_text): outputs from a remote text endpoint or a stored column.

Runs against a live API: ASSAY_URL and ASSAY_API_KEY name it (the e2e suite starts one, with
ASSAY_REMOTE_ALLOWED_HOSTS=127.0.0.1 so that the fake endpoints started here may be called)."""

import json
import os
import threading
import unittest
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from assay_client import AssayAPIError, Client

SENTENCES = [
    "the cat sat on the mat",
    "a cat and a bird saw the river",
    "they ran away quickly over the big house",
    "it is a small red tree",
    "we see the blue fish in the water",
]


def answer(prompt):
    """What both fake endpoints answer: the sentence, with "cat" turned into "dog"."""
    return prompt.replace("translate: ", "", 1).replace("cat", "dog")


class FakeEndpoints(BaseHTTPRequestHandler):
    """An OpenAI-compatible /v1/completions and a KServe v2 BYTES model "writer"."""

    def log_message(self, *args):  # keep the test output quiet
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.path == "/v1/completions":
            out = {"choices": [{"index": i, "text": answer(p)} for i, p in enumerate(body["prompt"])]}
        elif self.path == "/v2/models/writer/infer":
            data = body["inputs"][0]["data"]
            out = {"outputs": [{"name": "text_output", "datatype": "BYTES", "shape": [len(data)], "data": [answer(p) for p in data]}]}
        else:
            self.send_response(503)
            self.end_headers()
            return
        raw = json.dumps(out).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)


def csv_of(rows):
    return "\n".join(",".join(f'"{c}"' for c in row) for row in rows) + "\n"


class TextEvaluationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = Client(os.environ["ASSAY_URL"], os.environ["ASSAY_API_KEY"])
        cls.project = cls.client.me()["project"]["name"]
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), FakeEndpoints)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        cls.url = f"http://127.0.0.1:{cls.server.server_address[1]}"
        cls.csv = csv_of(
            [["prompt", "reference", "stored", "perfect"]]
            + [[f"translate: {s}", s, answer(s), s] for s in SENTENCES]
        )

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()

    def register_text_model(self, protocol):
        name = f"text-{protocol}-{uuid.uuid4().hex[:6]}"
        self.client.register_model(self.project, name)
        descriptor = {"url": self.url, "protocol": protocol, "modelName": "writer", "output": {"kind": "text"}, "timeoutMs": 5000}
        self.client.upload_version(self.project, name, json.dumps(descriptor).encode(), format="remote")
        return name

    def test_scores_an_endpoint_like_the_same_outputs_stored_in_a_column(self):
        stored = None
        for protocol in ("openai-completions", "kserve-v2"):
            model = self.register_text_model(protocol)
            result = self.client.evaluate_text(
                self.project, model, self.csv, prompt="prompt", references="reference",
                confidence={"nResamples": 100, "seed": 5},
            )
            metrics = {m["name"]: m for m in result["evaluation"]["metrics"]}
            self.assertEqual(sorted(metrics), ["bleu", "chrf", "rouge1", "rouge2", "rougeL", "ter"])
            self.assertRegex(metrics["bleu"]["signature"]["signature"], r"^nrefs:1\|bs:100\|seed:5\|case:mixed\|")
            interval = metrics["chrf"]["confidenceInterval"]
            self.assertEqual((interval["level"], interval["method"]), (0.95, "bootstrap-sacrebleu"))
            self.assertLess(interval["lower"], interval["upper"])
            # the stored evaluation is the one GET answers
            again = self.client.get_evaluation(self.project, result["evaluation"]["id"])
            self.assertEqual(again["metrics"], result["evaluation"]["metrics"])
            if stored is None:
                stored = self.client.evaluate_text(
                    self.project, model, self.csv, prompt="prompt", references=["reference"],
                    outputs="stored", confidence={"nResamples": 100, "seed": 5},
                )
            for m in stored["evaluation"]["metrics"]:
                self.assertAlmostEqual(metrics[m["name"]]["value"], m["value"], places=12)
                self.assertEqual(metrics[m["name"]]["confidenceInterval"], m["confidenceInterval"])

    def test_outputs_equal_to_the_references_score_perfectly(self):
        model = self.register_text_model("openai-completions")
        result = self.client.evaluate_text(self.project, model, self.csv, prompt="prompt", references="reference", outputs="perfect")
        values = {m["name"]: m["value"] for m in result["evaluation"]["metrics"]}
        self.assertAlmostEqual(values["bleu"], 100.0, places=9)
        self.assertAlmostEqual(values["chrf"], 100.0, places=9)
        self.assertEqual(values["ter"], 0.0)
        self.assertEqual((values["rouge1"], values["rouge2"], values["rougeL"]), (1.0, 1.0, 1.0))

    def test_runs_as_a_job_when_asked(self):
        model = self.register_text_model("kserve-v2")
        result = self.client.evaluate_text(self.project, model, self.csv, prompt="prompt", references="reference", metrics=["bleu"], run_async=True)
        self.assertEqual(result["job"]["kind"], "text-evaluation")
        self.assertEqual([m["name"] for m in result["evaluation"]["metrics"]], ["bleu"])

    def test_a_missing_column_is_a_400_naming_it(self):
        model = self.register_text_model("openai-completions")
        with self.assertRaises(AssayAPIError) as caught:
            self.client.evaluate_text(self.project, model, self.csv, prompt="prompt", references="answer")
        self.assertEqual(caught.exception.status, 400)
        self.assertIn("the reference column 'answer' is not in the dataset", caught.exception.detail)


if __name__ == "__main__":
    unittest.main()
