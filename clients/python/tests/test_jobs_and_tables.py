"""Long work is never orphaned (a timeout names the job), and tables come back as DataFrames.

Runs against a live API: ASSAY_URL and ASSAY_API_KEY name it (the e2e suite starts one)."""

import json
import os
import random
import unittest
import uuid

from assay_client import Client, JobTimeoutError

try:
    import pandas
except ImportError:  # the client works without it; the DataFrame tests then skip
    pandas = None


def linear_csv(n, seed=0):
    """Rows of y = 2·x0 − x1 + 0.5 + noise (noise so that intervals are not degenerate)."""
    rng = random.Random(seed)
    lines = ["x0,x1,y"]
    for _ in range(n):
        x0, x1 = rng.uniform(-1, 1), rng.uniform(-1, 1)
        lines.append(f"{x0},{x1},{2 * x0 - x1 + 0.5 + rng.gauss(0, 0.1)}")
    return "\n".join(lines) + "\n"


class JobTimeoutTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = Client(os.environ["ASSAY_URL"], os.environ["ASSAY_API_KEY"])
        cls.project = cls.client.me()["project"]["name"]
        cls.model = f"slow-{uuid.uuid4().hex[:8]}"
        cls.client.register_model(cls.project, cls.model)
        spec = {"type": "linear", "coef": [2.0, -1.0], "intercept": 0.5}
        cls.client.upload_version(cls.project, cls.model, json.dumps(spec).encode(), format="json")
        cls.dataset = cls.client.upload_dataset(cls.project, linear_csv(2000).encode(), format="csv")

    def test_a_timeout_carries_the_job_id_and_the_job_goes_on(self):
        # 4 000 bootstrap resamples of four metrics on 2 000 rows take about a second; the client
        # waits 0.2 s.
        client = Client(os.environ["ASSAY_URL"], os.environ["ASSAY_API_KEY"], job_timeout=0.2)
        with self.assertRaises(JobTimeoutError) as ctx:
            client.evaluate(
                self.project,
                self.model,
                self.dataset,
                target="y",
                metrics=["r2", "mse", "mae", "rmse"],
                confidence={"nResamples": 4000, "seed": 1},
            )
        err = ctx.exception
        self.assertIsInstance(err, TimeoutError)
        self.assertRegex(err.job_id, r"\S")
        self.assertEqual(err.job_url, f"{client.base_url}/v1/projects/{self.project}/jobs/{err.job_id}")
        self.assertIn(err.job_id, str(err))
        self.assertIn(err.job["status"], ("queued", "running"))
        # The id is enough to pick the work up again.
        job = self.client.wait_for_job(self.project, err.job_id)
        self.assertEqual(job["status"], "succeeded")
        evaluation = self.client.get_evaluation(self.project, job["evaluationId"])
        self.assertEqual([m["name"] for m in evaluation["metrics"]], ["r2", "mse", "mae", "rmse"])

    def test_a_large_request_runs_as_a_job_without_being_asked(self):
        client = Client(os.environ["ASSAY_URL"], os.environ["ASSAY_API_KEY"], job_rows=100)
        out = client.evaluate(self.project, self.model, linear_csv(150, seed=2), target="y", metrics=["r2"])
        self.assertIsNotNone(out["job"])
        self.assertEqual(out["job"]["status"], "succeeded")
        small = client.evaluate(self.project, self.model, linear_csv(50, seed=3), target="y", metrics=["r2"])
        self.assertIsNone(small["job"])

    def test_a_large_explanation_runs_as_a_job_without_being_asked(self):
        client = Client(os.environ["ASSAY_URL"], os.environ["ASSAY_API_KEY"], job_rows=3)
        instances = [[0.1 * i, -0.2 * i] for i in range(5)]
        seen = []
        result = client.explain(
            "shap",
            {"background": [[0.0, 0.0], [1.0, 1.0]], "instances": instances},
            {"method": "exact"},
            project=self.project,
            model=self.model,
            on_progress=seen.append,
        )
        self.assertEqual(len(result["values"]), 5)
        self.assertEqual(seen[-1]["status"], "succeeded")  # it was followed as a job

    def test_wait_for_job_with_a_tiny_timeout_raises_with_the_job(self):
        job = self.client.evaluate(
            self.project,
            self.model,
            self.dataset,
            target="y",
            metrics=["r2", "mse"],
            confidence={"nResamples": 4000, "seed": 2},
            wait=False,
        )
        with self.assertRaises(JobTimeoutError) as ctx:
            self.client.wait_for_job(self.project, job["id"], timeout=0.1)
        self.assertEqual(ctx.exception.job_id, job["id"])
        self.assertEqual(self.client.wait_for_job(self.project, job["id"])["status"], "succeeded")


class TablesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = Client(os.environ["ASSAY_URL"], os.environ["ASSAY_API_KEY"])
        cls.lists = Client(os.environ["ASSAY_URL"], os.environ["ASSAY_API_KEY"], frames=False)
        cls.project = cls.client.me()["project"]["name"]
        cls.model = f"board-{uuid.uuid4().hex[:8]}"
        cls.client.register_model(cls.project, cls.model)
        for coef in ([2.0, -1.0], [1.0, -1.0]):  # version 1 is the data's own model, version 2 is off
            spec = {"type": "linear", "coef": coef, "intercept": 0.5}
            cls.client.upload_version(cls.project, cls.model, json.dumps(spec).encode(), format="json")
        # Exact data: version 1 has r2 = 1 and mse = 0; version 2 predicts x0 less 1 per unit.
        cls.csv = "x0,x1,y\n1,1,1.5\n0,3,-2.5\n2,0,4.5\n1,2,0.5\n"

    @unittest.skipIf(pandas is None, "pandas is not installed")
    def test_evaluate_returns_its_metric_table_as_a_dataframe(self):
        out = self.client.evaluate(self.project, self.model, self.csv, target="y", metrics=["r2", "mse"], version=1)
        table = out["metrics"]
        self.assertIsInstance(table, pandas.DataFrame)
        self.assertEqual(list(table.index), ["r2", "mse"])
        self.assertEqual(table.loc["r2", "value"], 1.0)
        self.assertEqual(table.loc["mse", "value"], 0.0)

    @unittest.skipIf(pandas is None, "pandas is not installed")
    def test_a_leaderboard_ranks_evaluations_by_a_metric(self):
        for version in (2, 1):
            self.client.evaluate(self.project, self.model, self.csv, target="y", metrics=["r2", "mse"], version=version)
        board = self.client.leaderboard(self.project, "mse", model=self.model, higher_is_better=False)
        self.assertIsInstance(board, pandas.DataFrame)
        self.assertEqual(board["version"].iloc[0], 1)
        self.assertEqual(board["mse"].iloc[0], 0.0)
        self.assertTrue((board["mse"].diff().dropna() >= 0).all())
        # version 2 errs by x0 on each row: mse = mean(x0²) = (1 + 0 + 4 + 1) / 4
        self.assertIn(1.5, list(board["mse"]))

    @unittest.skipIf(pandas is None, "pandas is not installed")
    def test_run_histories_and_run_tables_are_dataframes(self):
        experiment = f"tables-{uuid.uuid4().hex[:8]}"
        with self.client.start_run(self.project, experiment, name="a", params={"lr": 0.1}) as run:
            for step in range(5):
                run.log({"loss": 1.0 / (step + 1), "acc": step / 10}, step=step)
        history = self.client.run_history(run.id, ["loss", "acc"])
        self.assertIsInstance(history, pandas.DataFrame)
        self.assertEqual(list(history.index), [0, 1, 2, 3, 4])
        self.assertEqual(list(history["loss"]), [1.0, 0.5, 1.0 / 3, 0.25, 0.2])
        runs = self.client.runs_table(self.project, experiment, metrics=["loss"])
        self.assertIsInstance(runs, pandas.DataFrame)
        self.assertEqual(runs.loc[run.id, "params.lr"], 0.1)
        self.assertEqual(runs.loc[run.id, "status"], "finished")
        self.assertEqual(runs.loc[run.id, "loss"], 0.2)

    def test_list_runs_sorts_and_filters_by_metrics_on_the_server(self):
        experiment = f"sweep-{uuid.uuid4().hex[:8]}"
        for name, acc in (("low", 0.6), ("high", 0.9), ("mid", 0.75)):
            with self.client.start_run(self.project, experiment, name=name, params={"acc_target": acc}) as run:
                run.log({"acc": acc / 2}, step=0)
                run.log({"acc": acc}, step=1)
        best = [r["name"] for r in self.client.list_runs(self.project, experiment, sort="-metrics.acc")]
        self.assertEqual(best, ["high", "mid", "low"])
        good = list(self.client.list_runs(self.project, experiment, metrics=["acc>=0.7"], sort="name"))
        self.assertEqual([r["name"] for r in good], ["high", "mid"])
        self.assertEqual(good[0]["metrics"], {"acc": 0.9})
        only = list(self.client.list_runs(self.project, experiment, params={"acc_target": 0.6}, status="finished"))
        self.assertEqual([r["name"] for r in only], ["low"])

    def test_without_pandas_tables_are_lists_of_dicts(self):
        out = self.lists.evaluate(self.project, self.model, self.csv, target="y", metrics=["r2"], version=1)
        self.assertEqual(out["metrics"], [{"name": "r2", "value": 1.0, "lower": None, "upper": None, "level": None}])
        board = self.lists.leaderboard(self.project, "r2", model=self.model)
        self.assertIsInstance(board, list)
        self.assertEqual(board[0]["r2"], 1.0)


if __name__ == "__main__":
    unittest.main()
