"""The paired bootstrap of ROC AUC as a loop over scikit-learn, for compare.bench.mjs.

Called by the benchmark: python3 sklearn_compare.py <dir> <runs> where <dir> holds y.u8 (0/1
labels), a.f64 and b.f64 (the two systems' scores), idx.u32 (nResamples × n resample indices,
row-major, the ones Assay used) and spec.json ({rows, nResamples, level}). For each resample i:
roc_auc_score(y[i], a[i]) − roc_auc_score(y[i], b[i]); then numpy.percentile (linear). The loop is
timed <runs> times in this one process (single-threaded: BLAS threads pinned to 1 by the caller).
Prints one JSON line.
"""
import json
import os
import sys
import time

import numpy as np
import sklearn
from sklearn.metrics import roc_auc_score

d, runs = sys.argv[1], int(sys.argv[2])
spec = json.load(open(os.path.join(d, "spec.json")))
n, B, level = spec["rows"], spec["nResamples"], spec["level"]
y = np.fromfile(os.path.join(d, "y.u8"), dtype=np.uint8).astype(np.int64)
a = np.fromfile(os.path.join(d, "a.f64"), dtype=np.float64)
b = np.fromfile(os.path.join(d, "b.f64"), dtype=np.float64)
idx = np.memmap(os.path.join(d, "idx.u32"), dtype=np.uint32, mode="r", shape=(B, n))
seconds = []
for _ in range(runs):
    t0 = time.perf_counter()
    deltas = np.empty(B)
    for r in range(B):
        i = idx[r]
        yi = y[i]
        deltas[r] = roc_auc_score(yi, a[i]) - roc_auc_score(yi, b[i])
    low, high = np.percentile(deltas, [(1 - level) / 2 * 100, (1 + level) / 2 * 100])
    seconds.append(time.perf_counter() - t0)
print(json.dumps({
    "sklearn": sklearn.__version__, "numpy": np.__version__, "seconds": seconds,
    "estimateA": roc_auc_score(y, a), "estimateB": roc_auc_score(y, b),
    "low": float(low), "high": float(high),
}))
