"""The AutoML benchmark's reference (issue 16): LightGBM tuned by Optuna for the same wall-clock
budget as Assay's run, on exactly its folds and with its metric (bench/automl.bench.mjs; the job's
format in automl_job.py). This is the combination FLAML and AutoGluon build on.

Each Optuna trial fits LightGBM on every training fold and is scored by the mean of the job's
metric over the test folds — the same selection Assay's leaderboard makes, so both report the
cross-validated score of the configuration their search picked. Optuna's default TPE sampler,
seeded; the first trial is LightGBM's defaults. The space is Optuna's LightGBM example's
(regularisation, leaves, feature and bagging fractions, rows per leaf) plus the learning rate and
the number of rounds. One thread (`n_jobs=1`), as Assay's search. A trial still running at the
deadline is abandoned between boosting rounds (not counted), so the budget holds as for Assay.
Prints {"scores": [best trial's per-fold], "params", "trials", "seconds"}.
"""
import json
import time
import warnings

import lightgbm as lgb
import optuna

from automl_job import bootstrap_se, greater_is_better, read_job, score

warnings.filterwarnings("ignore")
optuna.logging.set_verbosity(optuna.logging.WARNING)

job, _, X, y, _, splits = read_job()
seconds = float(job["seconds"])
regression = job["task"] == "regression"
started = time.perf_counter()
deadline = started + seconds


holdout = {}


class OutOfTime(Exception):
    pass


def stop_at_deadline(env):
    # Between boosting rounds: a fit still running at the deadline is abandoned with its trial.
    if time.perf_counter() > deadline:
        raise OutOfTime()


def objective(trial):
    params = {
        "n_estimators": trial.suggest_int("n_estimators", 16, 1024, log=True),
        "learning_rate": trial.suggest_float("learning_rate", 0.005, 0.3, log=True),
        "num_leaves": trial.suggest_int("num_leaves", 2, 256, log=True),
        "min_child_samples": trial.suggest_int("min_child_samples", 2, 100, log=True),
        "colsample_bytree": trial.suggest_float("colsample_bytree", 0.4, 1.0),
        "subsample": trial.suggest_float("subsample", 0.4, 1.0),
        "subsample_freq": trial.suggest_int("subsample_freq", 0, 7),
        "reg_alpha": trial.suggest_float("reg_alpha", 1e-8, 10.0, log=True),
        "reg_lambda": trial.suggest_float("reg_lambda", 1e-8, 10.0, log=True),
    }
    scores, outputs = [], []
    for train, test in splits:
        if time.perf_counter() > deadline:
            raise OutOfTime()
        kind = lgb.LGBMRegressor if regression else lgb.LGBMClassifier
        model = kind(**params, n_jobs=1, random_state=0, verbose=-1)
        model.fit(X.iloc[train], y[train], callbacks=[stop_at_deadline])
        out = model.predict(X.iloc[test]) if regression else model.predict_proba(X.iloc[test])
        scores.append(score(job, y[test], out))
        outputs.append(out)
    if time.perf_counter() > deadline:
        raise OutOfTime()
    trial.set_user_attr("scores", scores)
    if len(splits) == 1:
        holdout[trial.number] = outputs[0]
    return sum(scores) / len(scores)


study = optuna.create_study(
    direction="maximize" if greater_is_better(job["metric"]) else "minimize",
    sampler=optuna.samplers.TPESampler(seed=0),
)
# LightGBM's own defaults first (100 rounds, learning rate 0.1, 31 leaves, 20 rows per leaf).
study.enqueue_trial({"n_estimators": 100, "learning_rate": 0.1, "num_leaves": 31,
                     "min_child_samples": 20, "colsample_bytree": 1.0, "subsample": 1.0,
                     "subsample_freq": 0, "reg_alpha": 1e-8, "reg_lambda": 1e-8})
study.optimize(objective, timeout=seconds, catch=(OutOfTime,))
done = [t for t in study.trials if t.state == optuna.trial.TrialState.COMPLETE]
elapsed = time.perf_counter() - started
if not done:
    print(json.dumps({"scores": [], "params": None, "trials": 0, "seconds": elapsed}))
else:
    best = study.best_trial
    result = {"scores": best.user_attrs["scores"], "params": best.params, "trials": len(done),
              "seconds": elapsed}
    if len(splits) == 1:
        result["holdoutSe"] = bootstrap_se(job, y[splits[0][1]], holdout[best.number])
    print(json.dumps(result))
