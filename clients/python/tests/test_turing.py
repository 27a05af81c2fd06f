"""Turing tests (issue 15) through the Python client: a study, three judges, the report.

Runs against a live API: ASSAY_URL and ASSAY_API_KEY (an admin's key) name it (the e2e suite
starts one)."""

import os
import unittest
import uuid

from assay_client import AssayAPIError, Client

PROMPTS = ["What do bees make?", "Name a colour."]  # small: the whole suite runs in 120 s


class TuringClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = Client(os.environ["ASSAY_URL"], os.environ["ASSAY_API_KEY"], frames=False)
        cls.project = cls.client.me()["project"]["name"]

    def test_single_answer_study_to_report(self):
        c, p = self.client, self.project
        study = c.create_turing_study(p, f"turing-{uuid.uuid4().hex[:8]}", mode="single")
        items = [{"prompt": q, "answer": f"human says {q.lower()}", "origin": "human"} for q in PROMPTS]
        items += [{"prompt": q, "answer": f"model says {q.lower()}", "origin": "machine", "system": "m1"} for q in PROMPTS]
        self.assertEqual(c.add_turing_items(p, study["id"], items, batch_size=3), {"added": 4, "total": 4})
        truth = {i["id"]: i["origin"] for i in c.list_turing_items(p, study["id"])}
        c.open_turing_study(p, study["id"])
        invitations = [c.invite_judge(p, study["id"], name) for name in ("ann", "bob", "cy")]
        judge = c  # judging routes read only the invitation token (X-Judge-Token), never the key
        for k, inv in enumerate(invitations):
            while True:
                view = judge.next_turing_item(p, study["id"], inv["token"])
                item = view["item"]
                if item is None:
                    break
                self.assertNotIn("origin", item)
                self.assertNotIn("system", item)
                # ann is always right, bob always wrong, cy calls everything human
                origin = truth[item["id"]]
                choice = origin if k == 0 else ("human" if k == 2 else ("machine" if origin == "human" else "human"))
                judge.submit_judgement(p, study["id"], inv["token"], item["id"], choice)
            self.assertEqual(view["judged"], 4)
        with self.assertRaises(AssayAPIError) as hidden:
            judge.judge_results(p, study["id"], invitations[0]["token"])
        self.assertEqual(hidden.exception.status, 403)
        report = c.turing_report(p, study["id"])["report"]
        self.assertEqual(report["accuracy"]["total"], 12)
        self.assertEqual(report["accuracy"]["correct"], 4 + 0 + 2)
        self.assertEqual(report["deception"]["machineJudgements"], 6)
        self.assertEqual(report["deception"]["deceived"], 0 + 2 + 2)
        self.assertEqual([t["system"] for t in report["text"]], ["m1"])
        c.close_turing_study(p, study["id"])
        self.assertEqual(judge.judge_results(p, study["id"], invitations[0]["token"])["accuracy"], 1)


if __name__ == "__main__":
    unittest.main()
