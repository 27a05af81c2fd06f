"""scikit-learn's permutation_importance on the same data and model weights as explain.bench.mjs.

Called by the benchmark: python3 sklearn_pfi.py <dir> where <dir> holds X.f64, y.f64 and
spec.json ({rows, cols, model: linear|mlp spec, nRepeats, seed}). Single-threaded (n_jobs=None,
BLAS threads pinned to 1 by the caller). Prints one JSON line with timings and importances.
"""
import json
import os
import sys
import time

import numpy as np
import sklearn
from sklearn.inspection import permutation_importance
from sklearn.linear_model import LinearRegression
from sklearn.neural_network import MLPRegressor

d = sys.argv[1]
spec = json.load(open(os.path.join(d, "spec.json")))
n, m = spec["rows"], spec["cols"]
X = np.fromfile(os.path.join(d, "X.f64"), dtype=np.float64).reshape(n, m)
y = np.fromfile(os.path.join(d, "y.f64"), dtype=np.float64)
out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "results": {}}
for name, model_spec in spec["models"].items():
    if model_spec["type"] == "linear":
        est = LinearRegression()
        est.coef_ = np.asarray(model_spec["coef"])
        est.intercept_ = model_spec["intercept"]
        est.n_features_in_ = m
    else:
        layers = model_spec["layers"]
        est = MLPRegressor(hidden_layer_sizes=[len(l["bias"]) for l in layers[:-1]], activation="relu")
        est.coefs_ = [np.asarray(l["weights"]) for l in layers]
        est.intercepts_ = [np.asarray(l["bias"]) for l in layers]
        est.n_layers_ = len(layers) + 1
        est.n_outputs_ = 1
        est.out_activation_ = "identity"
        est.n_features_in_ = m
    t0 = time.perf_counter()
    est.predict(X)
    t_predict = time.perf_counter() - t0
    t0 = time.perf_counter()
    r = permutation_importance(est, X, y, scoring="r2", n_repeats=spec["nRepeats"], random_state=spec["seed"])
    t = time.perf_counter() - t0
    out["results"][name] = {"seconds": t, "predictSeconds": t_predict, "importancesMean": r.importances_mean.tolist()}
print(json.dumps(out))
