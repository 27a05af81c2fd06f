"""The human-in-the-loop review queue (issue 15, item 2) through the Python client.

Runs against a live API: ASSAY_URL and ASSAY_API_KEY (an admin's key) name it (the e2e suite
starts one)."""

import json
import os
import time
import unittest
import uuid

from assay_client import AssayAPIError, Client

# P(yes) = sigmoid(x0 - x1): [0, 0] is a coin toss (queued), [6, 0] is sure (automated).
SPEC = {"type": "logistic", "coef": [1.0, -1.0], "intercept": 0.0, "classes": ["no", "yes"]}


class ReviewQueueClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = Client(os.environ["ASSAY_URL"], os.environ["ASSAY_API_KEY"], frames=False)
        cls.project = cls.client.me()["project"]["name"]
        cls.model = f"review-{uuid.uuid4().hex[:8]}"
        cls.client.register_model(cls.project, cls.model)
        cls.client.upload_version(cls.project, cls.model, json.dumps(SPEC).encode(), format="json")

    def test_policy_predictions_claims_reviews_report(self):
        c, p, m = self.client, self.project, self.model
        with self.assertRaises(AssayAPIError) as missing:
            c.get_review_policy(p, m)
        self.assertEqual(missing.exception.status, 404)
        policy = c.set_review_policy(p, m, 0.5, targetRisk=0.1, groupFeature="region")
        self.assertEqual(policy["threshold"], 0.5)
        c.predict(p, m, [[0, 0], [6, 0]])
        deadline = time.time() + 10
        while c.review_counts(p, m)["pending"] + c.review_counts(p, m)["automated"] < 2 and time.time() < deadline:
            time.sleep(0.1)
        self.assertEqual(c.review_counts(p, m), {"automated": 1, "pending": 1, "claimed": 0, "done": 0})
        out = c.submit_review_predictions(
            p,
            m,
            1,
            [
                {"features": {"x": i, "region": "north" if i % 3 else "south"}, "prediction": "yes", "probabilities": [0.5 + i / 40]}
                for i in range(20)
            ],
        )
        self.assertEqual(out["recorded"], 20)
        self.assertEqual(len(list(c.review_items(p, m, page_size=7))), 22)
        ann = c.create_reviewer(p, m, "ann")["token"]
        bob = c.create_reviewer(p, m, "bob")["token"]
        first = c.claim_review_item(p, m, ann)
        self.assertEqual(c.claim_review_item(p, m, ann)["id"], first["id"])
        with self.assertRaises(AssayAPIError) as taken:
            c.claim_review_item(p, m, bob, first["id"])
        self.assertEqual(taken.exception.status, 409)
        review = c.review_item(p, m, ann, first["id"], "correct", "no" if first["prediction"] == "yes" else "yes")
        self.assertEqual(review["decision"], "correct")
        while True:
            item = c.claim_review_item(p, m, bob)
            if item is None:
                break
            c.review_item(p, m, bob, item["id"], "accept")
        report = c.review_report(p, m)
        self.assertEqual(report["counts"]["total"], 22)
        self.assertEqual(report["counts"]["reviewed"], report["counts"]["queued"])
        self.assertGreater(len(report["curve"]["thresholds"]), 1)
        self.assertEqual(report["bias"]["latent"]["feature"], "region")
        reviewers = c.list_reviewers(p, m)
        self.assertEqual(sorted(r["name"] for r in reviewers), ["ann", "bob"])
        revoked = c.revoke_reviewer(p, m, reviewers[0]["id"])
        self.assertIsNotNone(revoked["revokedAt"])


if __name__ == "__main__":
    unittest.main()
