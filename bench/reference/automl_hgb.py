"""The AutoML benchmark's baseline: scikit-learn's HistGradientBoosting with default settings,
scored on exactly the folds and with the metric of Assay's AutoML run (bench/automl.bench.mjs;
the job's format in automl_job.py). Text columns are passed as native categorical features.
Prints {"scores": [one per fold], "seconds": wall time, "holdoutSe" for a single holdout}.
"""
import json
import time

from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

from automl_job import bootstrap_se, read_job, score

job, X, _, y, categorical, splits = read_job()
started = time.perf_counter()
scores, outputs = [], []
for train, test in splits:
    kind = HistGradientBoostingRegressor if job["task"] == "regression" else HistGradientBoostingClassifier
    model = kind(categorical_features=categorical, random_state=0).fit(X[train], y[train])
    out = model.predict(X[test]) if job["task"] == "regression" else model.predict_proba(X[test])
    scores.append(score(job, y[test], out))
    outputs.append(out)
result = {"scores": scores, "seconds": time.perf_counter() - started}
if len(splits) == 1:
    result["holdoutSe"] = bootstrap_se(job, y[splits[0][1]], outputs[0])
print(json.dumps(result))
