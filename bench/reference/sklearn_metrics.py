"""Reference timings for bench/metrics.bench.mjs: scikit-learn on the bench's own data.

Usage: /usr/bin/python3 sklearn_metrics.py METRIC N DATA_DIR REPEATS

Reads the first N rows of the little-endian binary files the bench wrote into DATA_DIR
(yTrue.i32, yPred.i32, yBin.i32, yScore.f64), so both sides see the same numbers, and prints one
JSON line: {"metric", "n", "seconds": [...], "cpuSeconds": [...], "value", "versions"}. Only the scikit-learn call is
timed (time.perf_counter around it); reading the files is not. scikit-learn's own input checks
run inside the call and are therefore included, as Assay's validation is.
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.metrics import accuracy_score, f1_score, roc_auc_score


def load(data_dir, name, dtype, n):
    return np.fromfile(f"{data_dir}/{name}", dtype=dtype, count=n)


def main():
    metric, n, data_dir, repeats = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    if metric == "accuracy":
        args = (load(data_dir, "yTrue.i32", "<i4", n), load(data_dir, "yPred.i32", "<i4", n))
        call = lambda a, b: accuracy_score(a, b)
    elif metric == "f1Macro":
        args = (load(data_dir, "yTrue.i32", "<i4", n), load(data_dir, "yPred.i32", "<i4", n))
        call = lambda a, b: f1_score(a, b, average="macro")
    elif metric == "rocAuc":
        args = (load(data_dir, "yBin.i32", "<i4", n), load(data_dir, "yScore.f64", "<f8", n))
        call = lambda a, b: roc_auc_score(a, b)
    else:
        raise SystemExit(f"unknown metric {metric}")
    call(*(a[:10000] for a in args))  # warm-up: first-call imports and caches
    seconds = []
    cpu_seconds = []
    value = None
    for _ in range(repeats):
        cpu = time.process_time()
        start = time.perf_counter()
        value = call(*args)
        seconds.append(time.perf_counter() - start)
        cpu_seconds.append(time.process_time() - cpu)
    print(json.dumps({
        "metric": metric,
        "n": n,
        "seconds": seconds,
        "cpuSeconds": cpu_seconds,
        "value": float(value),
        "versions": f"scikit-learn {sklearn.__version__}, numpy {np.__version__}",
    }))


if __name__ == "__main__":
    main()
