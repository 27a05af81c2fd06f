"""Reference values for compareReturns and bootstrapMeanDifference of @assay/core
(src/metrics/rl/__tests__/reference/rl_compare.json).

Run from packages/core with the Debian interpreter (SciPy 1.10.1, NumPy 1.24):

    /usr/bin/python3 scripts/reference/rl_compare.py

Every expected value comes from the SciPy call named beside it; nothing is computed by Assay.
The cases cover both of mannwhitneyu's methods under method='auto' (exact: both samples of at most
8 and no tie; asymptotic: a larger sample or any tie).
"""
import json
import os
import sys

import numpy as np
import scipy
from scipy import stats
from scipy.stats import _stats_py

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "src", "metrics", "rl", "__tests__",
                   "reference", "rl_compare.json")
rng = np.random.default_rng(20261206)

samples = {
    "small, no ties (exact)": ([12.5, 9.0, 14.25, 11.0, 10.5], [8.0, 7.25, 9.5, 6.0, 10.0, 5.5]),
    "eight each, no ties (exact)": (rng.normal(100, 15, 8).tolist(), rng.normal(90, 20, 8).tolist()),
    "small with ties (asymptotic)": ([1.0, 2.0, 2.0, 3.0, 5.0], [2.0, 3.0, 3.0, 4.0]),
    "bandit returns, 60 vs 45 (asymptotic)": (
        rng.binomial(20, 0.7, 60).astype(float).tolist(),
        rng.binomial(20, 0.6, 45).astype(float).tolist(),
    ),
    "long runs, 400 vs 350 (asymptotic)": (
        rng.normal(-120.0, 35.0, 400).tolist(),
        rng.normal(-135.0, 50.0, 350).tolist(),
    ),
    "one sample of 9, other of 3 (exact)": (
        rng.normal(0.3, 1.0, 9).tolist(),
        rng.normal(0.0, 1.0, 3).tolist(),
    ),
}

def welch_df(a, b):
    # SciPy 1.10.1's ttest_ind result has no df: the private helper it calls gives it.
    df, _ = _stats_py._unequal_var_ttest_denom(np.var(a, ddof=1), len(a), np.var(b, ddof=1), len(b))
    return df


cases = []
for name, (a, b) in samples.items():
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    welch = stats.ttest_ind(a, b, equal_var=False)  # scipy.stats.ttest_ind, Welch
    mwu = stats.mannwhitneyu(a, b)  # scipy.stats.mannwhitneyu, method='auto'
    n1, n2 = len(a), len(b)
    ties = len(np.unique(np.concatenate([a, b]))) < n1 + n2
    method = "asymptotic" if (n1 > 8 and n2 > 8) or ties else "exact"  # SciPy's _mwu_choose_method
    exact_p = None
    if not ties and n1 <= 20 and n2 <= 20:  # SciPy 1.10's exact recursion needs O(m·n·mn) memory
        exact_p = float(stats.mannwhitneyu(a, b, method="exact").pvalue)
    boots = []
    for seed, n_resamples, level in [(0, 1000, 0.95), (7, 500, 0.9), (12345, 200, 0.99)]:
        res = stats.bootstrap(
            (a, b),
            lambda x, y, axis: np.mean(x, axis=axis) - np.mean(y, axis=axis),
            paired=False,
            vectorized=True,
            method="percentile",
            n_resamples=n_resamples,
            confidence_level=level,
            random_state=np.random.default_rng(seed),
        )  # scipy.stats.bootstrap, two independent samples
        boots.append(
            {
                "seed": seed,
                "nResamples": n_resamples,
                "confidenceLevel": level,
                "low": float(res.confidence_interval.low),
                "high": float(res.confidence_interval.high),
            }
        )
    cases.append(
        {
            "name": name,
            "a": a.tolist(),
            "b": b.tolist(),
            "welch": {"t": float(welch.statistic), "df": float(welch_df(a, b)), "pValue": float(welch.pvalue)},
            "mannWhitney": {"u": float(mwu.statistic), "pValue": float(mwu.pvalue), "method": method},
            "mannWhitneyExactP": exact_p,
            "meanDifference": float(np.mean(a) - np.mean(b)),
            "bootstrap": boots,
        }
    )

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as fh:
    json.dump(
        {
            "generator": "scripts/reference/rl_compare.py",
            "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__},
            "cases": cases,
        },
        fh,
        indent=1,
    )
    fh.write("\n")
print(f"wrote {len(cases)} cases")
