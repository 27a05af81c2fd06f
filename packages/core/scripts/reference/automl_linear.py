"""Reference values for the AutoML linear learner of @assay/core
(src/automl/__tests__/reference/automl_linear.json).

Run from packages/core with the Debian interpreter (scikit-learn 1.2.1):

    /usr/bin/python3 scripts/reference/automl_linear.py
    pnpm exec biome format --write src/automl/__tests__/reference   # the repository's JSON style

Ridge(alpha, solver='cholesky') and LogisticRegression(C, solver='lbfgs', tol=1e-10). scikit-learn's
lbfgs stops on SciPy's relative-decrease test (ftol = 64 eps) a little before the optimum (about
1e-5 in probability), so the logistic cases also record `newtonPredictions` from
solver='newton-cg' (tol=1e-12), whose exact Hessian steps reach the optimum: the test holds the
learner within 5e-5 of the first and 5e-6 of the second.
"""
import json
import os
import warnings

import numpy as np
from sklearn.linear_model import LogisticRegression, Ridge

warnings.simplefilter("ignore")  # newton-cg may warn at tol=1e-12 once at the optimum
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "src", "automl", "__tests__", "reference")
rng = np.random.default_rng(20261206)
cases = []


def add(name, task, x, y, sw, hp, model, n_classes):
    model.fit(x, y, sample_weight=sw)
    pred = model.predict(x) if task == "regression" else model.predict_proba(x)
    newton = None
    if task != "regression":
        exact = LogisticRegression(C=hp, solver="newton-cg", tol=1e-12, max_iter=10000)
        exact.fit(x, y, sample_weight=sw)
        newton = exact.predict_proba(x).ravel().tolist()
    cases.append({
        "name": name, "task": task, "nClasses": n_classes, "rows": x.shape[0], "cols": x.shape[1],
        "x": x.ravel().tolist(), "y": y.astype(float).tolist(),
        "sampleWeight": None if sw is None else sw.tolist(), "C": hp,
        "coef": np.atleast_2d(model.coef_).ravel().tolist(),
        "predictions": np.asarray(pred).ravel().tolist(),
        "newtonPredictions": newton,
    })


x = rng.normal(size=(60, 4))
y = x @ np.array([1.5, -2.0, 0.0, 0.7]) + 3 + rng.normal(scale=0.5, size=60)
for c in [0.1, 1.0, 10.0]:
    add(f"ridge C={c}", "regression", x, y, None, c, Ridge(alpha=1 / c, solver="cholesky"), 0)
sw = rng.uniform(0.5, 2.0, size=60)
add("ridge weighted C=1", "regression", x, y, sw, 1.0, Ridge(alpha=1.0, solver="cholesky"), 0)

x = rng.normal(size=(80, 3))
logit = x @ np.array([2.0, -1.0, 0.5]) - 0.3
y = (rng.uniform(size=80) < 1 / (1 + np.exp(-logit))).astype(int)
for c in [0.1, 1.0, 100.0]:
    add(f"binary C={c}", "binary", x, y, None, c, LogisticRegression(C=c, tol=1e-10, max_iter=10000), 2)
sw = rng.uniform(0.5, 2.0, size=80)
add("binary weighted C=1", "binary", x, y, sw, 1.0, LogisticRegression(C=1.0, tol=1e-10, max_iter=10000), 2)

x = rng.normal(size=(90, 4))
centers = rng.normal(scale=1.5, size=(3, 4))
y = np.argmin(((x[:, None, :] - centers[None]) ** 2).sum(-1) + rng.normal(scale=1.0, size=(90, 3)), axis=1)
for c in [0.5, 10.0]:
    add(f"multinomial C={c}", "multiclass", x, y, None, c, LogisticRegression(C=c, tol=1e-10, max_iter=10000), 3)

os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "automl_linear.json"), "w") as f:
    json.dump({"generator": "scripts/reference/automl_linear.py", "cases": cases}, f)
