"""Reference values for the two-sample Kolmogorov–Smirnov test and the Kolmogorov–Smirnov
distributions of @assay/core (src/stats/__tests__/reference/ks_2samp.json), and for the chi-square
test of independence (chi2_contingency.json).

Run from packages/core with the Debian interpreter:

    /usr/bin/python3 scripts/reference/ks_2samp.py

Every expected value comes from the SciPy call named beside it; nothing is computed by Assay.
Large samples are not stored: each is a recipe the test rebuilds exactly (IEEE multiplication,
remainder and addition only), sample(n, alpha, shift, square)[i] = f(((i + 1) * alpha) % 1)
with f(u) = u * u if square else u, plus shift.
"""
import json
import math
import os

import numpy as np
import scipy
from scipy import special, stats

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "src", "stats", "__tests__", "reference")


def sample(n, alpha, shift, square):
    out = []
    for i in range(n):
        u = ((i + 1) * alpha) % 1.0
        out.append((u * u if square else u) + shift)
    return out


PHI = (math.sqrt(5) - 1) / 2
SQRT2 = math.sqrt(2) - 1
SQRT3 = math.sqrt(3) - 1

# (n1, n2, method, alternative, recipe b: alpha, shift, square)
pairs = [
    (20000, 50, "auto", "two-sided", SQRT2, 0.0, False),
    (20000, 50, "auto", "two-sided", SQRT2, 0.05, False),
    (12000, 150, "auto", "two-sided", SQRT3, 0.0, True),
    (15000, 3000, "auto", "two-sided", SQRT2, 0.01, False),
    (15000, 3000, "auto", "two-sided", SQRT2, 0.025, False),
    (25000, 25000, "auto", "two-sided", SQRT2, 0.012, False),
    (25000, 25000, "auto", "two-sided", SQRT3, 0.0, True),
    (11000, 3, "auto", "two-sided", SQRT2, 0.3, False),
    (60000, 40000, "auto", "two-sided", SQRT3, 0.008, False),
    (20000, 120, "auto", "less", SQRT2, -0.08, False),
    (20000, 120, "auto", "greater", SQRT2, 0.08, False),
    (30, 40, "asymp", "two-sided", SQRT2, 0.1, False),
    (30, 40, "asymp", "two-sided", SQRT2, 0.4, False),
    (5, 7, "asymp", "two-sided", SQRT2, 0.0, False),
    (100, 90, "asymp", "two-sided", SQRT3, 0.05, True),
    (200, 300, "asymp", "two-sided", SQRT2, 0.1, False),
    (200, 300, "asymp", "two-sided", SQRT2, 0.6, False),
    (400, 500, "asymp", "two-sided", SQRT3, 0.0, False),
    (1000, 800, "asymp", "two-sided", SQRT2, 0.01, True),
]

cases = []
for n1, n2, method, alternative, alpha, shift, square in pairs:
    a = sample(n1, PHI, 0.0, False)
    b = sample(n2, alpha, shift, square)
    r = stats.ks_2samp(a, b, alternative=alternative, method=method)  # scipy.stats.ks_2samp
    cases.append(
        {
            "a": {"n": n1, "alpha": PHI, "shift": 0.0, "square": False},
            "b": {"n": n2, "alpha": alpha, "shift": shift, "square": square},
            "method": method,
            "alternative": alternative,
            "statistic": float(r.statistic),
            "pvalue": float(r.pvalue),
            "call": f"ks_2samp(a[{n1}], b[{n2}], alternative='{alternative}', method='{method}')",
        }
    )

# The distributions on a grid that reaches every method of the selection.
ns = [1, 2, 3, 5, 10, 20, 50, 100, 140, 141, 500, 1000, 5000, 20000, 100000, 100001, 250000]
ds = [1e-4, 5e-4, 0.001, 0.003, 0.005, 0.01, 0.02, 0.035, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3, 0.45, 0.5, 0.7, 0.9, 0.99]
kstwo = []
smirnov = []
for n in ns:
    for d in ds:
        kstwo.append({"n": n, "d": d, "sf": float(stats.kstwo.sf(d, n))})  # scipy.stats.kstwo.sf
        if n <= 20000:
            smirnov.append({"n": n, "d": d, "sf": float(special.smirnov(n, d))})  # scipy.special.smirnov

with open(os.path.join(OUT, "ks_2samp.json"), "w") as f:
    json.dump(
        {"scipy": scipy.__version__, "numpy": np.__version__, "cases": cases, "kstwo": kstwo, "smirnov": smirnov},
        f,
        indent=1,
    )

tables = [
    [[10, 20], [30, 40]],
    [[5, 0], [3, 9]],
    [[1, 2], [3, 4]],
    [[12, 5, 7], [8, 9, 30]],
    [[100, 200, 300, 50], [90, 210, 310, 40]],
    [[3, 1, 0, 2], [1, 4, 2, 6]],
    [[5, 7, 9]],
    [[4], [9]],
    [[1000, 20], [1010, 5]],
    [[0.5, 1.5], [2.5, 3.5]],
]
chi = []
for t in tables:
    for correction in (True, False):
        r = stats.chi2_contingency(np.asarray(t, dtype=float), correction=correction)  # scipy.stats.chi2_contingency
        chi.append(
            {
                "table": t,
                "correction": correction,
                "chi2": float(r.statistic),
                "pvalue": float(r.pvalue),
                "dof": int(r.dof),
                "expected": np.asarray(r.expected_freq).tolist(),
            }
        )
with open(os.path.join(OUT, "chi2_contingency.json"), "w") as f:
    json.dump({"scipy": scipy.__version__, "cases": chi}, f, indent=1)
