"""A/B tests of model versions (issue 14) through the Python client.

Runs against a live API: ASSAY_URL and ASSAY_API_KEY (an admin's key) name it (the e2e suite
starts one)."""

import json
import os
import random
import unittest
import uuid

from assay_client import AssayAPIError, Client
from assay_client.tables import AB_COLUMNS, ab_rows

SPEC_A = {"type": "linear", "coef": [2.0, -1.0], "intercept": 0.5}
SPEC_B = {"type": "linear", "coef": [2.0, -1.0], "intercept": 0.7}


def fnv1a32(text):
    """GrowthBook's FNV-1a over UTF-16 code units (ASCII ids here), to reproduce assignments."""
    h = 0x811C9DC5
    for ch in text:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return h


def growthbook_variant(salt, unit, weights, coverage=1.0):
    bucket = (fnv1a32(str(fnv1a32(salt + unit))) % 10000) / 10000
    start = 0.0
    for i, w in enumerate(weights):
        if start <= bucket < start + coverage * w:
            return i
        start += w
    return -1


class AbTestClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = Client(os.environ["ASSAY_URL"], os.environ["ASSAY_API_KEY"], frames=False)
        cls.project = cls.client.me()["project"]["name"]
        cls.model = f"ab-{uuid.uuid4().hex[:8]}"
        cls.client.register_model(cls.project, cls.model)
        for spec in (SPEC_A, SPEC_B):
            cls.client.upload_version(cls.project, cls.model, json.dumps(spec).encode(), format="json")

    def test_create_assign_ramp_events_analysis_stop(self):
        c, p, m = self.client, self.project, self.model
        test = c.create_ab_test(
            p,
            m,
            f"checkout-{uuid.uuid4().hex[:6]}",
            variants=[{"name": "control", "version": 1, "weight": 1}, {"name": "treatment", "version": 2, "weight": 1}],
            metrics=[
                {"name": "converted", "kind": "proportion", "event": "purchase"},
                {"name": "revenue", "kind": "mean", "event": "revenue", "role": "guardrail"},
            ],
            salt="python-salt",
            plan={"baseline": {"kind": "proportion", "rate": 0.2}, "mde": 0.1, "dailyUnits": 500},
        )
        self.assertEqual(test["status"], "draft")
        self.assertGreater(test["plan"]["result"]["unitsPerVariant"], 1000)
        with self.assertRaises(AssayAPIError) as refused:
            c.assign(p, test["id"], ["u0"])
        self.assertEqual(refused.exception.status, 409)
        c.start_ab_test(p, test["id"])

        units = [f"user-{i}" for i in range(600)]
        first = c.assign(p, test["id"], units)
        self.assertEqual([a["variant"] for a in first], [growthbook_variant("python-salt", u, [0.5, 0.5]) for u in units])
        self.assertTrue(all(a["first"] for a in first))
        c.ramp_ab_test(p, test["id"], weights=[0.2, 0.8])
        again = c.assign(p, test["id"], units)
        self.assertEqual([a["variant"] for a in again], [a["variant"] for a in first])
        self.assertFalse(any(a["first"] for a in again))

        answer = c.predict(p, m, [[1.0, 2.0]], unit=(test["id"], "user-0"))
        self.assertEqual(answer["abTest"]["variant"], first[0]["variant"])
        self.assertEqual(answer["version"], first[0]["variant"] + 1)

        rng = random.Random(5)
        events = []
        for a in first:
            rate = 0.3 if a["variant"] == 1 else 0.2
            if rng.random() < rate:
                events.append({"unitId": a["unitId"], "event": "purchase"})
            events.append({"unitId": a["unitId"], "event": "revenue", "value": rng.gauss(10, 2), "pre": float("nan")})
        sent = c.log_events(p, test["id"], events, batch_size=500)
        self.assertEqual(sent, {"stored": len(events), "duplicates": 0})

        rows = c.ab_test_table(p, test["id"], method="frequentist")
        self.assertEqual(len(rows), 4)
        self.assertEqual(set(rows[0]), set(AB_COLUMNS))
        treated = next(r for r in rows if r["metric"] == "converted" and r["variant"] == "treatment")
        self.assertEqual(treated["units"], sum(1 for a in first if a["variant"] == 1))
        self.assertLess(treated["lift_lower"], treated["lift"])
        self.assertLess(treated["lift"], treated["lift_upper"])
        bayes = ab_rows(c.ab_test_analysis(p, test["id"], method="bayesian"))
        self.assertIsNotNone(next(r for r in bayes if r["index"] == 1)["chance_to_win"])

        stopped = c.stop_ab_test(p, test["id"], "treatment", reason="conversion up")
        self.assertEqual(stopped["abTest"]["decision"]["winnerName"], "treatment")
        self.assertIsNone(stopped["gate"])
        self.assertEqual({a["variant"] for a in c.assign(p, test["id"], ["anyone", "user-1"])}, {1})
        self.assertEqual([t["id"] for t in c.list_ab_tests(p, model=m, status="stopped")], [test["id"]])


if __name__ == "__main__":
    unittest.main()
