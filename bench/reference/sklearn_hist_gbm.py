"""scikit-learn's HistGradientBoosting with default settings on the folds of automl-learners.bench.mjs.

Called by the benchmark: python3 sklearn_hist_gbm.py <dir>, where <dir> holds spec.json
({datasets: [{name, file, rows, cols, task}]}) and, per data set, <name>.X.f64, <name>.y.f64 and
<name>.fold.i32 (the fold of each row). Single-threaded (OMP_NUM_THREADS=1, set by the caller).
Prints one JSON line: per data set, the fit CPU seconds (time.process_time) and the test score (accuracy or R²) of each fold.
"""
import json
import os
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.metrics import accuracy_score, r2_score

d = sys.argv[1]
spec = json.load(open(os.path.join(d, "spec.json")))
out = {"sklearn": sklearn.__version__, "results": {}}
for ds in spec["datasets"]:
    name, n, m = ds["name"], ds["rows"], ds["cols"]
    X = np.fromfile(os.path.join(d, f"{name}.X.f64"), dtype=np.float64).reshape(n, m)
    y = np.fromfile(os.path.join(d, f"{name}.y.f64"), dtype=np.float64)
    fold = np.fromfile(os.path.join(d, f"{name}.fold.i32"), dtype=np.int32)
    fits, scores = [], []
    for k in range(int(fold.max()) + 1):
        tr, te = fold != k, fold == k
        est = HistGradientBoostingRegressor(random_state=0) if ds["task"] == "regression" else HistGradientBoostingClassifier(random_state=0)
        t0 = time.process_time()
        est.fit(X[tr], y[tr])
        fits.append(time.process_time() - t0)
        pred = est.predict(X[te])
        scores.append(float(r2_score(y[te], pred) if ds["task"] == "regression" else accuracy_score(y[te], pred)))
    out["results"][name] = {"fit": fits, "score": scores}
print(json.dumps(out))
