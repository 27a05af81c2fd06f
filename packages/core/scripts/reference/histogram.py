"""Reference values for histogram() and the residuals metric of @assay/core
(src/stats/__tests__/reference/histogram.json).

Run from packages/core with the Debian interpreter (its NumPy 1.24.2):

    /usr/bin/python3 scripts/reference/histogram.py

Every expected value comes from numpy.histogram / numpy.histogram_bin_edges; nothing is computed
by Assay.
"""
import json
import os
import sys

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "src", "stats", "__tests__", "reference")
rng = np.random.default_rng(20261206)

samples = {
    "one value": [3.25],
    "constant": [2.0, 2.0, 2.0, 2.0],
    "two values": [7.0, 1.0],
    "ties and integers": [1, 2, 2, 2, 3, 5, 8, 8, 13],
    "normal residuals, 1000": rng.normal(0.0, 2.5, size=1000).tolist(),
    "heavy tails (IQR small), 2000": np.concatenate([np.zeros(1500), rng.standard_cauchy(500)]).tolist(),
    "values on the edges": [0.0, 0.25, 0.5, 0.75, 1.0, 0.1, 0.3, 0.7],
    "lognormal, 5000": rng.lognormal(0.0, 1.0, size=5000).tolist(),
    "zero IQR, Sturges alone": [0, 0, 0, 0, 0, 0, 0, 0, 1, 5],
}

cases = []
for name, values in samples.items():
    a = np.asarray(values, dtype=np.float64)
    for bins in ["auto", 7]:
        counts, edges = np.histogram(a, bins=bins)
        cases.append(
            {
                "name": name,
                "bins": bins,
                "values": [float(v) for v in a],
                "edges": [float(e) for e in edges],
                "counts": [int(c) for c in counts],
            }
        )

with open(os.path.join(OUT, "histogram.json"), "w") as fh:
    json.dump(
        {
            "generator": "scripts/reference/histogram.py",
            "versions": {"python": sys.version.split()[0], "numpy": np.__version__},
            "cases": cases,
        },
        fh,
        indent=1,
    )
