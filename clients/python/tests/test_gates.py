"""Comparisons, gate policies and guarded alias moves (issue 13) through the Python client.

Runs against a live API: ASSAY_URL and ASSAY_API_KEY (an admin's key) name it (the e2e suite
starts one)."""

import json
import os
import random
import unittest
import uuid

from assay_client import AssayAPIError, Client


def linear_csv(n, seed=0):
    """Rows of y = 2·x0 − x1 + 0.5 + noise."""
    rng = random.Random(seed)
    lines = ["x0,x1,y"]
    for _ in range(n):
        x0, x1 = rng.uniform(-1, 1), rng.uniform(-1, 1)
        lines.append(f"{x0},{x1},{2 * x0 - x1 + 0.5 + rng.gauss(0, 0.1)}")
    return "\n".join(lines) + "\n"


GOOD = {"type": "linear", "coef": [2.0, -1.0], "intercept": 0.5}
WORSE = {"type": "linear", "coef": [1.0, -0.5], "intercept": 0.5}


class GateTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = Client(os.environ["ASSAY_URL"], os.environ["ASSAY_API_KEY"])
        cls.project = cls.client.me()["project"]["name"]
        cls.model = f"gated-{uuid.uuid4().hex[:8]}"
        cls.client.register_model(cls.project, cls.model)
        for spec in (GOOD, WORSE, GOOD):
            cls.client.upload_version(cls.project, cls.model, json.dumps(spec).encode(), format="json")
        cls.dataset = cls.client.upload_dataset(cls.project, linear_csv(300).encode(), format="csv")
        cls.client.set_alias(cls.project, cls.model, "production", 1)

    def test_compare_gate_move_override_why(self):
        c, p, m = self.client, self.project, self.model
        comparison = c.compare(p, m, candidate=2, baseline_alias="production", dataset=self.dataset, target="y", metrics=["r2"], confidence={"nResamples": 200, "seed": 3})
        self.assertEqual((comparison["candidateVersion"], comparison["baselineVersion"], comparison["baselineAlias"]), (2, 1, "production"))
        r2 = comparison["report"]["metrics"][0]
        self.assertLess(r2["delta"], 0)
        self.assertEqual(c.get_comparison(p, comparison["id"])["id"], comparison["id"])

        policy = c.create_gate_policy(
            p, m, "production", self.dataset, "y",
            checks=[
                {"kind": "threshold", "metric": "r2", "op": ">=", "value": 0.9},
                {"kind": "relative", "metric": "r2", "margin": 0.01, "notSignificantlyWorse": True},
            ],
            expected_version=0,
        )
        self.assertEqual(policy["version"], 1)
        self.assertEqual(c.get_gate_policy(p, m, "production")["id"], policy["id"])

        failing = c.run_gate(p, m, "production", 2)
        self.assertFalse(failing["passed"])
        self.assertEqual([x["passed"] for x in failing["checks"]], [False, False])
        self.assertIsNotNone(failing["comparisonId"])
        with self.assertRaises(AssayAPIError) as refused:
            c.set_alias(p, m, "production", 2)
        self.assertEqual(refused.exception.status, 409)
        self.assertEqual(refused.exception.problem["gate"]["gateReportId"], failing["id"])

        passing = c.run_gate(p, m, "production", 3, run_async=True)
        self.assertTrue(passing["passed"], passing["checks"])
        self.assertEqual(c.get_gate_report(p, passing["id"])["id"], passing["id"])
        self.assertEqual(c.set_alias(p, m, "production", 3)["version"], 3)
        why = c.alias_why(p, m, "production", 3)
        self.assertEqual(why["gateReport"]["id"], passing["id"])

        c.set_alias(p, m, "production", 2, override_reason="rollback drill")
        why = c.alias_why(p, m, "production", 2)
        self.assertTrue(why["holdsNow"])
        self.assertEqual(why["event"]["overrideReason"], "rollback drill")
        self.assertIsNone(why["gateReport"])


if __name__ == "__main__":
    unittest.main()
