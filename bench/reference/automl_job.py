"""What the AutoML benchmark's Python references share (bench/automl.bench.mjs): reading the job
that Assay's run wrote — the same rows, folds, target codes and metric — and scoring a fold the
way Assay's `scoreFold` does (scikit-learn's metric functions, which Assay's metrics equal).

A job is JSON on stdin: {"csv", "target", "task", "metric", "rows": [kept row indices],
"classes": [...], "folds": [[test row positions in rows], ...], "seconds": budget}.
Text columns are ordinal-encoded (for HistGradientBoosting's native categorical support) and also
returned as pandas categories (for LightGBM's); missing values stay NaN (both handle them).
"""
import json
import sys

import numpy as np
import pandas as pd
from sklearn.metrics import (accuracy_score, f1_score, log_loss, mean_absolute_error,
                             mean_squared_error, r2_score, roc_auc_score)
from sklearn.preprocessing import OrdinalEncoder


def read_job():
    job = json.load(sys.stdin)
    df = pd.read_csv(job["csv"]).iloc[job["rows"]].reset_index(drop=True)
    y = df.pop(job["target"])
    df = df.drop(columns=[c for c in job.get("excluded", []) if c in df.columns])
    text = [c for c in df.columns if df[c].dtype == object]
    categorical = df.copy()
    for c in text:
        categorical[c] = categorical[c].astype("category")
    if text:
        df[text] = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan,
                                  encoded_missing_value=np.nan).fit_transform(df[text])
    mask = [c in text for c in df.columns]
    X = df.to_numpy(dtype=float)
    if job["task"] != "regression":
        classes = [str(c) for c in job["classes"]]
        y = np.array([classes.index(str(v)) for v in y])
    else:
        y = y.to_numpy(dtype=float)
    n = len(y)
    splits = []
    for test in job["folds"]:
        test = np.array(test, dtype=int)
        splits.append((np.setdiff1d(np.arange(n), test), test))
    return job, X, categorical, y, mask if text else None, splits


def score(job, y_true, output):
    """The job's metric on one fold: `output` is predictions (regression) or probabilities."""
    metric = job["metric"]
    if job["task"] == "regression":
        return float({"r2": lambda: r2_score(y_true, output),
                      "rmse": lambda: mean_squared_error(y_true, output) ** 0.5,
                      "mae": lambda: mean_absolute_error(y_true, output)}[metric]())
    pred = output.argmax(axis=1)
    labels = list(range(len(job["classes"])))
    return float({"accuracy": lambda: accuracy_score(y_true, pred),
                  "f1_macro": lambda: f1_score(y_true, pred, average="macro"),
                  "log_loss": lambda: log_loss(y_true, output, labels=labels),
                  "roc_auc": lambda: roc_auc_score(y_true, output[:, 1]) if len(labels) == 2
                  else roc_auc_score(y_true, output, multi_class="ovr")}[metric]())


def greater_is_better(metric):
    return metric not in ("log_loss", "rmse", "mae")


def bootstrap_se(job, y_true, output, resamples=500):
    """The standard error of a single holdout's score: the sd of the metric over seeded bootstrap
    resamples of the holdout rows (there are no folds to take it from)."""
    rng = np.random.RandomState(0)
    n = len(y_true)
    values = []
    for _ in range(resamples):
        i = rng.randint(0, n, n)
        values.append(score(job, y_true[i], output[i]))
    return float(np.std(values, ddof=1))
