"""RL evaluation runs (issue 15) through the Python client.

Runs against a live API: ASSAY_URL and ASSAY_API_KEY (an admin's key) name it (the e2e suite
starts one). Expected statistics come from SciPy when it is installed (Debian's python3-scipy)."""

import os
import unittest
import uuid

from assay_client import AssayAPIError, Client


class RlRunClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = Client(os.environ["ASSAY_URL"], os.environ["ASSAY_API_KEY"], frames=False)
        cls.project = cls.client.me()["project"]["name"]

    def new_run(self, agent):
        return self.client.create_rl_run(
            self.project, f"{agent}-{uuid.uuid4().hex[:8]}", agent, "GridWorld-5x5", agent_version="0.1"
        )

    def test_rewards_report_and_comparison(self):
        c, p = self.client, self.project
        a, b = self.new_run("sarsa"), self.new_run("random")
        self.assertEqual(c.get_rl_run(p, a["id"])["agentVersion"], "0.1")
        self.assertIn(a["id"], [r["id"] for r in c.list_rl_runs(p, agent="sarsa")])
        # Per step: 12 episodes of 3 steps for A, 10 for B; the optimal reward of each step is 1.
        steps_a = [{"episode": e, "step": s, "reward": (e % 4 + s) / 5, "optimal": 1.0} for e in range(12) for s in range(3)]
        steps_b = [{"episode": e, "step": s, "reward": ((e * 7) % 5) / 10 + s / 20} for e in range(10) for s in range(3)]
        self.assertEqual(c.log_rewards(p, a["id"], steps_a, batch_size=10), {"stored": 36, "duplicates": 0})
        self.assertEqual(c.log_rewards(p, b["id"], steps_b)["stored"], 30)
        with self.assertRaises(AssayAPIError) as again:
            c.log_rewards(p, a["id"], steps_a[:1])
        self.assertEqual(again.exception.status, 409)

        report = c.rl_run_report(p, a["id"], gamma=0.9)
        returns_a = [sum(r["reward"] * 0.9 ** r["step"] for r in steps_a if r["episode"] == e) for e in range(12)]
        self.assertEqual(report["steps"], 36)
        self.assertEqual([pt["x"] for pt in report["curves"]["returnCurve"]], list(range(12)))
        for got, want in zip([pt["y"] for pt in report["curves"]["returnCurve"]], returns_a):
            self.assertAlmostEqual(got, want, places=12)
        optimal = sum(0.9**s for s in range(3))
        self.assertAlmostEqual(report["curves"]["regret"]["total"], sum(optimal - g for g in returns_a), places=10)
        self.assertIsNone(c.rl_run_report(p, b["id"])["curves"]["regret"])

        cmp = c.compare_rl_runs(p, a["id"], b["id"], n_resamples=300, seed=5, confidence_level=0.9)["comparison"]
        returns_b = [sum(r["reward"] for r in steps_b if r["episode"] == e) for e in range(10)]
        returns_a1 = [sum(r["reward"] for r in steps_a if r["episode"] == e) for e in range(12)]
        try:
            import numpy as np
            from scipy import stats
        except ImportError:  # pragma: no cover - Debian's python3-scipy is expected
            self.skipTest("SciPy is not installed")
        welch = stats.ttest_ind(returns_a1, returns_b, equal_var=False)
        self.assertAlmostEqual(cmp["welch"]["t"], welch.statistic, places=10)
        self.assertAlmostEqual(cmp["welch"]["pValue"], welch.pvalue, places=10)
        mwu = stats.mannwhitneyu(returns_a1, returns_b)
        self.assertEqual(cmp["mannWhitney"]["u"], mwu.statistic)
        self.assertAlmostEqual(cmp["mannWhitney"]["pValue"], mwu.pvalue, places=10)
        boot = stats.bootstrap(
            (np.asarray(returns_a1), np.asarray(returns_b)),
            lambda x, y, axis: np.mean(x, axis=axis) - np.mean(y, axis=axis),
            paired=False,
            vectorized=True,
            method="percentile",
            n_resamples=300,
            confidence_level=0.9,
            random_state=np.random.default_rng(5),
        )
        self.assertAlmostEqual(cmp["bootstrap"]["low"], boot.confidence_interval.low, places=10)
        self.assertAlmostEqual(cmp["bootstrap"]["high"], boot.confidence_interval.high, places=10)

    def test_bad_rewards_are_refused_with_the_reason(self):
        run = self.new_run("bad")
        with self.assertRaises(AssayAPIError) as bad:
            self.client.log_rewards(self.project, run["id"], [{"episode": -1, "reward": 1}])
        self.assertEqual(bad.exception.status, 400)
        self.assertIn("episode must be at least 0", str(bad.exception))


if __name__ == "__main__":
    unittest.main()
