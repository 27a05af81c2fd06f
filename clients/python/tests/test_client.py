"""Runs against a live API: ASSAY_URL and ASSAY_API_KEY name it (the e2e suite starts one).
Expected metric values come from the golden reference cases (ASSAY_GOLDEN_DIR)."""

import hashlib
import json
import math
import os
import unittest
import uuid

from assay_client import AssayAPIError, Client, JobFailed, dataset_slice


def golden(family, case_id):
    with open(os.path.join(os.environ["ASSAY_GOLDEN_DIR"], f"{family}.json")) as f:
        return next(c for c in json.load(f)["cases"] if c["id"] == case_id)


class ClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = Client(os.environ["ASSAY_URL"], os.environ["ASSAY_API_KEY"])
        cls.project = cls.client.me()["project"]["name"]

    def test_info_reports_the_database(self):
        self.assertIn(self.client.info()["database"], ("embedded", "postgres"))

    def test_lists_metrics_with_schemas(self):
        metrics = {m["name"]: m for m in self.client.list_metrics()}
        self.assertIn("accuracy", metrics)
        self.assertIn("yTrue", metrics["accuracy"]["inputSchema"]["properties"])

    def test_computes_a_metric_as_the_reference_does(self):
        case = golden("classification", "accuracy-002")
        result = self.client.compute_metric("accuracy", case["input"], case["params"])
        self.assertTrue(math.isclose(result["value"], case["expected"]["value"], rel_tol=1e-9))

    def test_bad_input_raises_with_the_servers_reason(self):
        with self.assertRaises(AssayAPIError) as ctx:
            self.client.compute_metric("accuracy", {"yTrue": [1, 0, 1], "yPred": [1, 0]})
        self.assertEqual(ctx.exception.status, 400)
        self.assertIn("yTrue has 3 labels but yPred has 2", ctx.exception.detail)

    def test_unknown_metric_is_a_404(self):
        with self.assertRaises(AssayAPIError) as ctx:
            self.client.compute_metric("no-such-metric", {})
        self.assertEqual(ctx.exception.status, 404)

    def test_registers_uploads_lists_and_downloads_a_version(self):
        name = f"py-{uuid.uuid4().hex[:8]}"
        model = self.client.register_model(self.project, name, description="from python", tags={"team": "ds"})
        self.assertEqual(model["name"], name)
        artifact = json.dumps({"type": "linear", "coef": [1.0, 2.0], "intercept": 0.5}).encode()
        version = self.client.upload_version(self.project, name, artifact, format="json")
        self.assertEqual(version["number"], 1)
        self.assertEqual(version["sha256"], hashlib.sha256(artifact).hexdigest())
        self.assertEqual(self.client.download_artifact(self.project, name, 1), artifact)
        listed = {m["name"]: m for m in self.client.list_models(self.project)}
        self.assertEqual([v["number"] for v in listed[name]["versions"]], [1])
        with self.assertRaises(AssayAPIError) as ctx:
            self.client.register_model(self.project, name)
        self.assertEqual(ctx.exception.status, 409)

    def test_nan_is_sent_as_null(self):
        from assay_client.client import _plain

        self.assertEqual(_plain({"a": [1.0, float("nan")]}), {"a": [1.0, None]})


if __name__ == "__main__":
    unittest.main()


class TrackingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = Client(os.environ["ASSAY_URL"], os.environ["ASSAY_API_KEY"])
        cls.project = cls.client.me()["project"]["name"]

    def test_a_run_logs_metrics_and_finishes_in_a_with_block(self):
        with self.client.start_run(self.project, "py-experiment", name="baseline", params={"lr": 0.1}) as run:
            for step in range(5):
                run.log({"loss": 1.0 / (step + 1), "acc": 0.5 + step / 10}, step=step)
        self.assertEqual(self.client.get_run(run.id)["status"], "finished")
        loss = self.client.metric_history(run.id, "loss")
        self.assertEqual([p["step"] for p in loss], [0, 1, 2, 3, 4])
        self.assertAlmostEqual(loss[-1]["value"], 0.2)

    def test_a_failing_block_marks_the_run_failed(self):
        with self.assertRaises(RuntimeError):
            with self.client.start_run(self.project, "py-experiment") as run:
                raise RuntimeError("training diverged")
        self.assertEqual(self.client.get_run(run.id)["status"], "failed")

    def test_large_batches_are_split_into_requests_of_10000(self):
        run = self.client.start_run(self.project, "py-experiment")
        points = [{"key": "x", "value": float(i), "step": i} for i in range(25_000)]
        self.assertEqual(self.client.log_metrics(run.id, points), 25_000)
        self.assertEqual(len(self.client.metric_history(run.id, "x")), 25_000)
        run.finish()

    def test_a_retried_batch_is_stored_once(self):
        run = self.client.start_run(self.project, "py-experiment")
        body = {"points": [{"key": "retry", "value": 1.0, "step": 0}]}
        headers = {"Idempotency-Key": "nb-retry-1"}
        for _ in range(2):
            self.client._request("POST", f"/v1/runs/{run.id}/metrics", body, extra_headers=headers)
        self.assertEqual(len(self.client.metric_history(run.id, "retry")), 1)
        run.finish()

    def test_aliases_move_with_optimistic_concurrency(self):
        name = f"alias-{uuid.uuid4().hex[:8]}"
        self.client.register_model(self.project, name)
        for intercept in (1.0, 2.0):  # two loadable specs: an upload that does not load is refused
            payload = json.dumps({"type": "linear", "coef": [1.0], "intercept": intercept}).encode()
            self.client.upload_version(self.project, name, payload, format="json")
        self.client.set_alias(self.project, name, "production", 1, expected_revision=0, reason="launch")
        self.client.set_alias(self.project, name, "production", 2, expected_revision=1, reason="better")
        with self.assertRaises(AssayAPIError) as ctx:
            self.client.set_alias(self.project, name, "production", 1, expected_revision=1)
        self.assertEqual(ctx.exception.status, 409)
        self.assertEqual(self.client.resolve_alias(self.project, name, "production")["number"], 2)
        moves = [(e["fromVersion"], e["toVersion"]) for e in self.client.alias_history(self.project, name, "production")]
        self.assertEqual(moves, [(1, 2), (None, 1)])


class ModelsInUseTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = Client(os.environ["ASSAY_URL"], os.environ["ASSAY_API_KEY"])
        cls.project = cls.client.me()["project"]["name"]

    def test_explains_an_inline_model_as_the_reference_case_says(self):
        case = golden("explain", "shap-003")
        result = self.client.explain("shap", case["input"], case["params"])
        for row, expected in zip(result["values"], case["expected"]["values"]):
            for a, e in zip(row, expected):
                self.assertTrue(math.isclose(a, e, rel_tol=1e-9, abs_tol=1e-12))

    def test_predicts_and_evaluates_a_registered_version(self):
        name = f"lin-{uuid.uuid4().hex[:8]}"
        self.client.register_model(self.project, name)
        spec = {"type": "linear", "coef": [2.0, -1.0], "intercept": 0.5}
        self.client.upload_version(self.project, name, json.dumps(spec).encode(), format="json")
        out = self.client.predict(self.project, name, [[1.0, 1.0], [0.0, 3.0]])
        # x·coef + b (the spec's definition): 2 − 1 + 0.5 = 1.5, 0 − 3 + 0.5 = −2.5
        self.assertEqual(out["outputs"], [[1.5], [-2.5]])
        # The data fits the model exactly, so r2 is 1 and mse 0 (sklearn's r2_score/mean_squared_error).
        csv = "x0,x1,y\n1,1,1.5\n0,3,-2.5\n2,0,4.5\n"
        report = self.client.evaluate(self.project, name, csv, target="y", metrics=["r2", "mse"])
        values = {m["name"]: m["value"] for m in report["evaluation"]["metrics"]}
        self.assertEqual(values, {"r2": 1.0, "mse": 0.0})
        ids = [e["id"] for e in self.client.list_evaluations(self.project, model=name)]
        self.assertEqual(ids, [report["evaluation"]["id"]])

    def _named_model(self):
        """A linear spec with feature names: y = 2·a − b + 0.5."""
        name = f"named-{uuid.uuid4().hex[:8]}"
        self.client.register_model(self.project, name)
        spec = {"type": "linear", "coef": [2.0, -1.0], "intercept": 0.5, "featureNames": ["a", "b"]}
        self.client.upload_version(self.project, name, json.dumps(spec).encode(), format="json")
        return name

    def test_predicts_rows_by_feature_name_in_any_column_order(self):
        name = self._named_model()
        expected = [[1.5], [-2.5]]  # 2·1 − 1 + 0.5 and 2·0 − 3 + 0.5
        self.assertEqual(self.client.predict(self.project, name, [[1.0, 1.0], [0.0, 3.0]])["outputs"], expected)
        rows = [{"b": 1.0, "a": 1.0}, {"b": 3.0, "a": 0.0}]
        self.assertEqual(self.client.predict(self.project, name, rows)["outputs"], expected)
        self.assertEqual(self.client.predict(self.project, name, {"b": [1.0, 3.0], "a": [1.0, 0.0]})["outputs"], expected)
        with self.assertRaises(AssayAPIError) as ctx:
            self.client.predict(self.project, name, [{"a": 1.0, "bb": 1.0}])
        self.assertEqual(ctx.exception.status, 400)
        self.assertIn("lack the feature 'b' and have the column 'bb'", ctx.exception.detail)

    def test_predicts_a_dataframe_with_reordered_columns_and_numpy_arrays(self):
        try:
            import numpy as np
            import pandas as pd
        except ImportError:  # Debian: apt-get install python3-pandas
            self.skipTest("pandas is not installed")
        name = self._named_model()
        expected = [[1.5], [-2.5]]
        frame = pd.DataFrame({"a": [1.0, 0.0], "b": [1.0, 3.0]})
        self.assertEqual(self.client.predict(self.project, name, frame)["outputs"], expected)
        self.assertEqual(self.client.predict(self.project, name, frame[["b", "a"]])["outputs"], expected)
        self.assertEqual(self.client.predict(self.project, name, np.array([[1.0, 1.0], [0.0, 3.0]]))["outputs"], expected)
        with self.assertRaises(AssayAPIError) as ctx:
            self.client.predict(self.project, name, frame.rename(columns={"b": "B"}))
        self.assertEqual(ctx.exception.status, 400)
        self.assertIn("lack the feature 'b' and have the column 'B'", ctx.exception.detail)

    def _linear_model(self):
        name = f"job-{uuid.uuid4().hex[:8]}"
        self.client.register_model(self.project, name)
        spec = {"type": "linear", "coef": [2.0, -1.0], "intercept": 0.5}
        self.client.upload_version(self.project, name, json.dumps(spec).encode(), format="json")
        return name

    def test_uploads_a_dataset_and_evaluates_it_as_a_job_with_progress(self):
        name = self._linear_model()
        csv = "x0,x1,y\n1,1,1.5\n0,3,-2.5\n2,0,4.5\n1,2,0.5\n"
        dataset = self.client.upload_dataset(self.project, csv.encode(), format="csv", name="exact")
        self.assertEqual((dataset["rows"], dataset["columns"]), (4, ["x0", "x1", "y"]))
        self.assertEqual(dataset["sha256"], hashlib.sha256(csv.encode()).hexdigest())
        self.assertIn(dataset["id"], [d["id"] for d in self.client.list_datasets(self.project)])
        seen = []
        out = self.client.evaluate(
            self.project, name, dataset, target="y", metrics=["r2", "mse"], run_async=True, on_progress=seen.append
        )
        self.assertEqual({m["name"]: m["value"] for m in out["evaluation"]["metrics"]}, {"r2": 1.0, "mse": 0.0})
        self.assertEqual(out["job"]["status"], "succeeded")
        self.assertEqual(out["evaluation"]["id"], out["job"]["evaluationId"])
        self.assertEqual(seen[-1]["status"], "succeeded")
        jobs = [j["id"] for j in self.client.list_jobs(self.project, status="succeeded", kind="evaluation")]
        self.assertIn(out["job"]["id"], jobs)
        with self.assertRaises(AssayAPIError) as ctx:
            self.client.cancel_job(self.project, out["job"]["id"])
        self.assertEqual(ctx.exception.status, 409)

    def test_a_failed_job_raises_with_its_reason(self):
        name = self._linear_model()
        # Whether a metric fits the model is known once the job has loaded it.
        with self.assertRaises(JobFailed) as ctx:
            self.client.evaluate(self.project, name, "x0,x1,y\n1,1,1.5\n", target="y", metrics=["accuracy"], run_async=True)
        self.assertEqual(ctx.exception.job["status"], "failed")
        self.assertIn("metric 'accuracy' is a classification metric but the model is a regressor", str(ctx.exception))

    def test_a_missing_target_or_unknown_metric_is_refused_before_a_job(self):
        name = self._linear_model()
        with self.assertRaises(AssayAPIError) as ctx:
            self.client.evaluate(self.project, name, "x0,x1,y\n1,1,1.5\n", target="z", metrics=["r2"], run_async=True)
        self.assertEqual(ctx.exception.status, 400)
        self.assertIn("the dataset has no column 'z'; its columns are 'x0', 'x1', 'y'", ctx.exception.detail)
        with self.assertRaises(AssayAPIError) as ctx:
            self.client.evaluate(self.project, name, "x0,x1,y\n1,1,1.5\n", target="y", metrics=["r2score"], run_async=True)
        self.assertEqual(ctx.exception.status, 400)
        self.assertIn("unknown metric 'r2score'", ctx.exception.detail)

    def test_explains_a_registered_version_as_a_job(self):
        name = self._linear_model()
        background = [[0.0, 0.0], [2.0, 2.0]]
        result = self.client.explain(
            "shap",
            {"background": background, "instances": [[3.0, 1.0]]},
            {"method": "exact"},
            project=self.project,
            model=name,
            run_async=True,
        )
        # A linear model's exact SHAP value: coef × (x − background mean) = 2×(3−1), −1×(1−1)
        self.assertEqual([round(v, 12) for v in result["values"][0]], [4.0, 0.0])

    def test_an_operator_creates_a_project_whose_key_sees_only_it(self):
        name = f"proj-{uuid.uuid4().hex[:8]}"
        created = self.client.create_project(name, description="from python")
        other = Client(self.client.base_url, created["key"])
        self.assertEqual([p["name"] for p in other.list_projects()], [name])
        with self.assertRaises(AssayAPIError) as ctx:
            other.list_models(self.project).__next__()
        self.assertEqual(ctx.exception.status, 404)

    def test_explains_on_a_slice_of_an_uploaded_dataset(self):
        name = self._linear_model()
        csv = "x0,x1,y\n0,0,0.5\n2,2,2.5\n3,1,5.5\n"
        ds = self.client.upload_dataset(self.project, csv.encode(), format="csv")
        result = self.client.explain(
            "shap",
            {"background": dataset_slice(ds, columns=["x0", "x1"], end=2), "instances": dataset_slice(ds, columns=["x0", "x1"], start=2)},
            {"method": "exact"},
            project=self.project,
            model=name,
        )
        # the same numbers as the inline test above: 2×(3−1), −1×(1−1)
        self.assertEqual([round(v, 12) for v in result["values"][0]], [4.0, 0.0])

    def test_uploads_a_version_with_its_signatures_and_tags(self):
        name = f"sig-{uuid.uuid4().hex[:8]}"
        self.client.register_model(self.project, name)
        spec = json.dumps({"type": "logistic", "coef": [1.0, -1.0], "intercept": 0.0, "classes": [0, 1]}).encode()
        version = self.client.upload_version(
            self.project,
            name,
            spec,
            format="json",
            input_signature=["x0", "x1"],
            output_signature={"kind": "probability", "classes": [0, 1]},
            tags={"team": "risk"},
        )
        self.assertEqual(version["inputSignature"]["features"][1], {"name": "x1", "type": "numeric"})
        self.assertEqual(version["outputSignature"], {"kind": "probability", "classes": [0, 1]})
        self.assertEqual(version["tags"], {"team": "risk"})
        self.assertEqual(self.client.download_artifact(self.project, name, version["number"]), spec)


class ShadowTestsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = Client(os.environ["ASSAY_URL"], os.environ["ASSAY_API_KEY"])
        cls.project = cls.client.me()["project"]["name"]

    def _wait_report(self, name, test_id, done):
        import time

        deadline = time.time() + 10
        while True:
            report = self.client.get_shadow_report(self.project, name, test_id)
            if done(report) or time.time() > deadline:
                return report
            time.sleep(0.1)

    def test_shadow_test_labels_and_report(self):
        name = f"shadow-{uuid.uuid4().hex[:8]}"
        self.client.register_model(self.project, name)
        for coef in ([1.0, -1.0], [1.0, -0.5]):
            spec = {"type": "logistic", "coef": coef, "intercept": 0.0, "classes": ["no", "yes"]}
            self.client.upload_version(self.project, name, json.dumps(spec).encode(), format="json")
        self.client.set_alias(self.project, name, "production", 1)
        test = self.client.start_shadow_test(self.project, name, "production", version=2, max_requests=100)
        self.assertEqual(test["status"], "running")
        ids = []
        for _ in range(5):
            out = self.client.predict(self.project, name, [[3.0, 1.0]], alias="production")
            self.assertEqual(out["version"], 1)
            ids.append(out["requestId"])
        sent = self.client.send_labels(self.project, name, {i: "yes" for i in ids})
        self.assertEqual(sent, {"received": 5, "stored": 5, "unchanged": 0})
        # A retried batch is stored once.
        self.assertEqual(self.client.send_labels(self.project, name, {i: "yes" for i in ids})["unchanged"], 5)
        report = self._wait_report(name, test["id"], lambda r: r["candidate"]["ok"] == 5 and r["labelled"]["rows"] == 5)
        self.assertEqual(report["candidate"]["ok"], 5)
        # Row [3, 1]: 3 − 1 > 0 and 3 − 0.5 > 0, both "yes".
        self.assertEqual(report["agreement"], {"rows": 5, "rate": 1.0})
        self.assertEqual(report["labelled"]["rows"], 5)
        # One call from shadow to gate: production has no gate policy here, so 404 says so.
        with self.assertRaises(AssayAPIError) as gate:
            self.client.gate_shadow_test(self.project, name, test["id"])
        self.assertEqual(gate.exception.status, 404)
        self.assertIn("gate policy", gate.exception.problem["detail"])
        stopped = self.client.stop_shadow_test(self.project, name, test["id"])
        self.assertEqual(stopped["status"], "stopped")
        with self.assertRaises(AssayAPIError) as ctx:
            self.client.stop_shadow_test(self.project, name, test["id"])
        self.assertEqual(ctx.exception.status, 409)
        with self.assertRaises(ValueError):
            self.client.start_shadow_test(self.project, name, "production", max_requests=1)
