"""Reference values for describeSample and histogramCounts of @assay/core
(src/stats/__tests__/reference/describe_sample.json).

Run from packages/core with the Debian interpreter (its NumPy 1.24.2):

    /usr/bin/python3 scripts/reference/describe_sample.py

Every expected value comes from the NumPy call named beside it; nothing is computed by Assay.
"""
import json
import os
import sys

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "src", "stats", "__tests__", "reference")
rng = np.random.default_rng(20261205)
EDGES = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000]
QS = [0, 10, 50, 90, 99, 100]

samples = {
    "one value": [3.25],
    "two values": [7.0, 1.0],
    "ties and integers": [1, 2, 2, 2, 3, 5, 8, 8, 13],
    "lognormal latencies (ms), 1000": rng.lognormal(mean=1.5, sigma=1.2, size=1000).tolist(),
    "exponential, 257": rng.exponential(scale=40.0, size=257).tolist(),
    "on the edges and beyond": [0, 1, 2, 5, 4.999999, 5000, 5001, 1e9, 0.0001],
    "negative values": [-3.5, -0.1, 0.2, 0.7, 1.0],
}

cases = []
for name, values in samples.items():
    a = np.asarray(values, dtype=np.float64)
    idx = np.clip(np.searchsorted(np.asarray(EDGES, dtype=np.float64), a, side="right") - 1, 0, len(EDGES) - 1)
    cases.append(
        {
            "name": name,
            "values": [float(v) for v in a],
            "mean": float(np.mean(a)),  # numpy.mean
            "percentiles": [float(np.percentile(a, q)) for q in QS],  # numpy.percentile, linear
            "histogram": np.bincount(idx, minlength=len(EDGES)).tolist(),  # searchsorted + clip
        }
    )

with open(os.path.join(OUT, "describe_sample.json"), "w") as fh:
    json.dump(
        {
            "generator": "scripts/reference/describe_sample.py",
            "versions": {"python": sys.version.split()[0], "numpy": np.__version__},
            "qs": QS,
            "edges": EDGES,
            "cases": cases,
        },
        fh,
        separators=(",", ":"),
    )
    fh.write("\n")
print(f"wrote {len(cases)} cases")
