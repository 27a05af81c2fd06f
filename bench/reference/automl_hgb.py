"""The AutoML benchmark's baseline: scikit-learn's HistGradientBoosting with default settings,
scored on exactly the folds and with the metric of Assay's AutoML run (bench/automl.bench.mjs).

Reads a JSON job on stdin: {"csv", "target", "task", "metric", "rows": [kept row indices],
"classes": [...], "folds": [[test row positions in rows], ...]}; prints {"scores": [...]}.
Text columns are ordinal-encoded and passed as categorical features (HGB's native categorical
support, scikit-learn 1.2.1); missing values stay NaN (HGB handles them).
"""
import json
import sys

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.metrics import accuracy_score, f1_score, log_loss, mean_absolute_error, mean_squared_error, r2_score, roc_auc_score
from sklearn.preprocessing import OrdinalEncoder

job = json.load(sys.stdin)
df = pd.read_csv(job["csv"]).iloc[job["rows"]].reset_index(drop=True)
y = df.pop(job["target"])
df = df.drop(columns=[c for c in job.get("excluded", []) if c in df.columns])
text = [c for c in df.columns if df[c].dtype == object]
if text:
    df[text] = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan,
                              encoded_missing_value=np.nan).fit_transform(df[text])
mask = [c in text for c in df.columns]
X = df.to_numpy(dtype=float)
task, metric = job["task"], job["metric"]
if task != "regression":
    classes = [str(c) for c in job["classes"]]
    y = np.array([classes.index(str(v)) for v in y])
else:
    y = y.to_numpy(dtype=float)
n = len(y)
scores = []
for test in job["folds"]:
    test = np.array(test)
    train = np.setdiff1d(np.arange(n), test)
    if task == "regression":
        model = HistGradientBoostingRegressor(categorical_features=mask if text else None, random_state=0)
    else:
        model = HistGradientBoostingClassifier(categorical_features=mask if text else None, random_state=0)
    model.fit(X[train], y[train])
    if task == "regression":
        p = model.predict(X[test])
        s = {"r2": lambda: r2_score(y[test], p), "rmse": lambda: mean_squared_error(y[test], p) ** 0.5,
             "mae": lambda: mean_absolute_error(y[test], p)}[metric]()
    else:
        proba = model.predict_proba(X[test])
        pred = proba.argmax(axis=1)
        labels = list(range(len(job["classes"])))
        s = {"accuracy": lambda: accuracy_score(y[test], pred),
             "f1_macro": lambda: f1_score(y[test], pred, average="macro"),
             "log_loss": lambda: log_loss(y[test], proba, labels=labels),
             "roc_auc": lambda: roc_auc_score(y[test], proba[:, 1]) if len(labels) == 2
             else roc_auc_score(y[test], proba, multi_class="ovr")}[metric]()
    scores.append(float(s))
print(json.dumps({"scores": scores}))
