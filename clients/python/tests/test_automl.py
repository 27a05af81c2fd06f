"""AutoML runs (issue 16) through the Python client.

Runs against a live API: ASSAY_URL and ASSAY_API_KEY (an admin's key) name it (the e2e suite
starts one). A small trial budget keeps the run to a few seconds."""

import os
import unittest
import uuid

from assay_client import AssayAPIError, Client

IRIS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "fixtures", "datasets", "iris.csv")


class AutoMlClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = Client(os.environ["ASSAY_URL"], os.environ["ASSAY_API_KEY"], frames=False)
        cls.project = cls.client.me()["project"]["name"]
        cls.dataset = cls.client.upload_dataset(cls.project, IRIS)

    def test_run_registers_a_version_that_predicts_raw_rows(self):
        c, p = self.client, self.project
        name = f"iris-automl-{uuid.uuid4().hex[:8]}"
        started = c.start_automl(
            p, self.dataset["id"], "species", name, budget_seconds=60, seed=2, max_trials=3, families=["linear"]
        )
        self.assertEqual(started["run"]["status"], "queued")
        run = c.wait_for_automl_run(p, started["run"]["id"], timeout=120)
        self.assertEqual(run["status"], "succeeded")
        self.assertEqual(len(run["leaderboard"]), 3)
        self.assertEqual(run["modelVersion"], 1)
        self.assertEqual(run["lineage"]["dataset"]["sha256"], self.dataset["sha256"])
        self.assertIn(run["id"], [r["id"] for r in c.list_automl_runs(p, status="succeeded")])
        self.assertEqual(c.get_evaluation(p, run["evaluationId"])["modelName"], name)
        rows = [
            {"sepal_length_cm": 5.1, "sepal_width_cm": 3.5, "petal_length_cm": 1.4, "petal_width_cm": 0.2},
            {"sepal_length_cm": 6.7, "sepal_width_cm": 3.0, "petal_length_cm": 5.2, "petal_width_cm": 2.3},
        ]
        self.assertEqual(c.predict(p, name, rows, version=1)["predicted"], ["setosa", "virginica"])

    def test_trials_in_parallel_are_stored_with_the_run(self):
        c, p = self.client, self.project
        name = f"iris-parallel-{uuid.uuid4().hex[:8]}"
        started = c.start_automl(
            p,
            self.dataset["id"],
            "species",
            name,
            budget_seconds=60,
            seed=2,
            max_trials=4,
            families=["linear", "cart"],
            parallel_trials=2,
        )
        self.assertEqual(started["run"]["settings"]["parallelTrials"], 2)
        run = c.wait_for_automl_run(p, started["run"]["id"], timeout=120)
        self.assertEqual(run["status"], "succeeded")
        self.assertEqual(len(run["leaderboard"]), 4)
        self.assertEqual({t["family"] for t in run["leaderboard"]}, {"linear", "cart"})

    def test_bad_settings_are_a_400_naming_the_field(self):
        with self.assertRaises(AssayAPIError) as bad:
            self.client.start_automl(self.project, self.dataset["id"], "colour", "m", budget_seconds=5)
        self.assertEqual(bad.exception.status, 400)
        self.assertIn("no column 'colour'", str(bad.exception))
        with self.assertRaises(AssayAPIError) as bad:
            self.client.start_automl(
                self.project, self.dataset["id"], "species", "m", budget_seconds=5, parallel_trials=9
            )
        self.assertEqual(bad.exception.status, 400)
        self.assertIn("parallelTrials must be at most 5", str(bad.exception))


if __name__ == "__main__":
    unittest.main()
