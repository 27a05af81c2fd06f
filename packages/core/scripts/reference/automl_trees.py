"""Reference trees and exact SHAP values for @assay/core's AutoML tree learners and Tree SHAP
(src/automl/learners/__tests__/reference/automl_trees.json).

Run from packages/core with the Debian interpreter (its scikit-learn 1.2.1, NumPy 1.24.2), on one
thread (HistGradientBoosting sums the root's gradients per thread; one thread sums them in row
order, as Assay does):

    OMP_NUM_THREADS=1 /usr/bin/python3 scripts/reference/automl_trees.py

What it writes, all computed here and never by Assay:
- `cart`: scikit-learn DecisionTreeClassifier / DecisionTreeRegressor fitted on fixture data sets
  (float32 inputs, as scikit-learn trains), exported as `tree_.feature`, `threshold`,
  `children_left`, `children_right`, `value` (class counts normalized to probabilities) and
  `weighted_n_node_samples`, with `predict` / `predict_proba` on the training rows.
- `binning`: HistGradientBoosting's `_BinMapper(n_bins=256, subsample=None)` edges
  (`bin_thresholds_`) and binned values (`transform`, every 7th row) of fixture data sets.
- `hist_gbm`: HistGradientBoostingRegressor / Classifier (5 rounds, a few leaf counts and
  minimum leaf sizes, l2_regularization 1/1024, no early stopping) exported per round as above (`count` as
  cover), with the baseline and `predict` / `predict_proba` on every 7th row.
- `shap`: trees and forests exported the same way (and HistGradientBoostingRegressor's predictors,
  `count` as cover), a few rows, and their exact Shapley values under the path-dependent value
  function that shap's TreeExplainer(feature_perturbation="tree_path_dependent") computes in
  polynomial time: v(S) = the tree's output where a split on a feature in S follows the row and a
  split on any other feature averages both children weighted by their cover. Here it is computed
  by brute force, over every subset of the features the tree uses (the others have a zero value),
  with the Shapley formula phi_i = sum_S |S|! (M - |S| - 1)! / M! (v(S + i) - v(S)).
  scripts/reference/automl_trees_shap.py adds shap's own values when shap can be installed.
"""
import csv
import json
import math
import os
import sys
from itertools import combinations

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor, RandomForestClassifier
from sklearn.ensemble._hist_gradient_boosting.binning import _BinMapper
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

HERE = os.path.dirname(__file__)
DATA = os.path.join(HERE, "..", "..", "..", "..", "fixtures", "datasets")
OUT = os.path.join(HERE, "..", "..", "src", "automl", "learners", "__tests__", "reference")


def load(name):
    with open(os.path.join(DATA, name)) as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    x = np.array([[float(v) for v in r[:-1]] for r in body], dtype=np.float64)
    target = [r[-1] for r in body]
    try:
        y = np.array([float(v) for v in target])
        classes = None
    except ValueError:
        classes = sorted(set(target))
        y = np.array([classes.index(v) for v in target], dtype=np.float64)
    return header[:-1], x, y, classes


def export_sklearn_tree(t, classification):
    value = t.value[:, 0, :] if not classification else t.value[:, 0, :] / t.value[:, 0, :].sum(axis=1, keepdims=True)
    feature = [int(f) if f >= 0 else -1 for f in t.feature]
    return {
        "outputs": int(value.shape[1]),
        "feature": feature,
        "threshold": [float(v) if f >= 0 else -2.0 for v, f in zip(t.threshold, feature)],
        "left": [int(v) for v in t.children_left],
        "right": [int(v) for v in t.children_right],
        "value": [float(v) for v in value.reshape(-1)],
        "cover": [float(v) for v in t.weighted_n_node_samples],
    }


def export_hgb_predictor(predictor):
    nodes = predictor.nodes
    n = len(nodes)
    return {
        "outputs": 1,
        "feature": [-1 if nodes["is_leaf"][j] else int(nodes["feature_idx"][j]) for j in range(n)],
        "threshold": [-2.0 if nodes["is_leaf"][j] else float(nodes["num_threshold"][j]) for j in range(n)],
        "left": [-1 if nodes["is_leaf"][j] else int(nodes["left"][j]) for j in range(n)],
        "right": [-1 if nodes["is_leaf"][j] else int(nodes["right"][j]) for j in range(n)],
        "value": [float(nodes["value"][j]) for j in range(n)],
        "cover": [float(nodes["count"][j]) for j in range(n)],
    }


def tied_nodes(est, x32, y, classification, min_samples_leaf):
    """Internal nodes where another feature's best split is as good as the chosen one (within
    1e-9 relative): scikit-learn then keeps the first in its random feature order, which no other
    implementation reproduces, so such trees are not used for the structure comparison."""
    t = est.tree_
    paths = est.decision_path(x32).tocsc()
    ties = []
    for j in range(t.node_count):
        if t.children_left[j] < 0:
            continue
        rows = paths[:, j].nonzero()[0]
        best = []
        for f in range(x32.shape[1]):
            order = np.argsort(x32[rows, f], kind="stable")
            xv = x32[rows, f][order].astype(np.float64)
            yy = y[rows][order]
            n = len(rows)
            if classification:
                onehot = np.eye(int(y.max()) + 1)[yy.astype(int)]
                left = np.cumsum(onehot, axis=0)[:-1]
                right = onehot.sum(axis=0) - left
                wl = np.arange(1, n)
                score = (left ** 2).sum(axis=1) / wl + (right ** 2).sum(axis=1) / (n - wl)
            else:
                left = np.cumsum(yy)[:-1]
                right = yy.sum() - left
                wl = np.arange(1, n)
                score = left ** 2 / wl + right ** 2 / (n - wl)
            ok = (xv[1:] > xv[:-1] + 1e-7) & (wl >= min_samples_leaf) & (n - wl >= min_samples_leaf)
            best.append(score[ok].max() if ok.any() else -np.inf)
        best = np.sort(np.array(best))[::-1]
        if len(best) > 1 and np.isfinite(best[1]) and best[0] - best[1] <= 1e-9 * abs(best[0]):
            ties.append(j)
    return ties


def v_of_subset(tree, x, subset):
    """The path-dependent conditional expectation of the tree's output given the features in subset."""
    feature, threshold, left, right = tree["feature"], tree["threshold"], tree["left"], tree["right"]
    value, cover, k = tree["value"], tree["cover"], tree["outputs"]

    def go(j):
        f = feature[j]
        if f < 0:
            return np.array(value[j * k:(j + 1) * k])
        if f in subset:
            return go(left[j] if x[f] <= threshold[j] else right[j])
        return (cover[left[j]] * go(left[j]) + cover[right[j]] * go(right[j])) / cover[j]

    return go(0)


def brute_force_shap(tree, x, cols):
    used = sorted({f for f in tree["feature"] if f >= 0})
    m = len(used)
    k = tree["outputs"]
    v = {}
    for size in range(m + 1):
        for s in combinations(used, size):
            v[frozenset(s)] = v_of_subset(tree, x, set(s))
    phi = np.zeros((cols, k))
    fact = [math.factorial(i) for i in range(m + 1)]
    for i in used:
        others = [f for f in used if f != i]
        for size in range(m):
            w = fact[size] * fact[m - size - 1] / fact[m]
            for s in combinations(others, size):
                fs = frozenset(s)
                phi[i] += w * (v[fs | {i}] - v[fs])
    return phi, v[frozenset()]


def tree_case(name, trees, rows_x, cols, scale, note):
    """One SHAP case: trees averaged with `scale` (1/len for a forest, 1 for a boosted sum)."""
    k = trees[0]["outputs"]
    values = np.zeros((len(rows_x), cols, k))
    expected = np.zeros(k)
    for tree in trees:
        for r, x in enumerate(rows_x):
            phi, base = brute_force_shap(tree, x, cols)
            values[r] += scale * phi
            if r == 0:
                expected += scale * base
    return {
        "name": name,
        "note": note,
        "trees": trees,
        "scale": scale,
        "cols": cols,
        "rows": [[float(v) for v in x] for x in rows_x],
        "expected": {"source": "brute force", "values": [float(v) for v in values.reshape(-1)], "expectedValue": [float(v) for v in expected]},
    }


# Candidates for the structure comparison; those with a tied split are left out (tied_nodes).
CART_CANDIDATES = [
    ("breast_cancer classifier depth 2", "breast_cancer.csv", {"max_depth": 2}, True),
    ("breast_cancer classifier depth 5, min_samples_leaf 40", "breast_cancer.csv", {"max_depth": 5, "min_samples_leaf": 40}, True),
    ("digits classifier depth 3, min_samples_leaf 30", "digits.csv", {"max_depth": 3, "min_samples_leaf": 30}, True),
    ("breast_cancer classifier depth 3", "breast_cancer.csv", {"max_depth": 3}, True),
    ("breast_cancer classifier depth 4, min_samples_leaf 5", "breast_cancer.csv", {"max_depth": 4, "min_samples_leaf": 5}, True),
    ("breast_cancer classifier depth 6, min_samples_leaf 20", "breast_cancer.csv", {"max_depth": 6, "min_samples_leaf": 20}, True),
    ("wine classifier depth 2", "wine.csv", {"max_depth": 2}, True),
    ("wine classifier depth 4, min_samples_leaf 8", "wine.csv", {"max_depth": 4, "min_samples_leaf": 8}, True),
    ("digits classifier depth 4", "digits.csv", {"max_depth": 4}, True),
    ("diabetes regressor depth 3", "diabetes.csv", {"max_depth": 3}, False),
    ("diabetes regressor depth 6, min_samples_leaf 3", "diabetes.csv", {"max_depth": 6, "min_samples_leaf": 3}, False),
    ("diabetes regressor depth 8, min_samples_leaf 10", "diabetes.csv", {"max_depth": 8, "min_samples_leaf": 10}, False),
    ("randhie regressor depth 4, min_samples_leaf 50", "randhie.csv", {"max_depth": 4, "min_samples_leaf": 50}, False),
]


def main():
    cart_cases = []
    for name, file, params, classification in CART_CANDIDATES:
        _, x, y, classes = load(file)
        x32 = x.astype(np.float32)
        est = (DecisionTreeClassifier if classification else DecisionTreeRegressor)(random_state=0, **params)
        est.fit(x32, y)
        ties = tied_nodes(est, x32, y, classification, params.get("min_samples_leaf", 1))
        print(name, "nodes", est.tree_.node_count, "tied nodes", ties)
        if ties:
            continue
        pred = est.predict_proba(x32) if classification else est.predict(x32)
        cart_cases.append(
            {
                "name": name,
                "dataset": file,
                "task": ("binary" if len(np.unique(y)) == 2 else "multiclass") if classification else "regression",
                "params": params,
                "tree": export_sklearn_tree(est.tree_, classification),
                # Every 7th training row's prediction (rows 0, 7, 14, …), row-major.
                "predict": [float(v) for v in np.asarray(pred)[::7].reshape(-1)],
            }
        )

    shap_cases = []
    _, x, y, _ = load("iris.csv")
    est = DecisionTreeClassifier(random_state=0).fit(x, y)
    shap_cases.append(tree_case("iris DecisionTreeClassifier, full depth", [export_sklearn_tree(est.tree_, True)], x[::15], x.shape[1], 1.0, "probabilities, one output per class"))

    _, x, y, _ = load("diabetes.csv")
    est = DecisionTreeRegressor(random_state=0, max_depth=6).fit(x, y)
    shap_cases.append(tree_case("diabetes DecisionTreeRegressor depth 6", [export_sklearn_tree(est.tree_, False)], x[::40], x.shape[1], 1.0, "a feature split on again below itself"))

    _, x, y, _ = load("breast_cancer.csv")
    est = RandomForestClassifier(n_estimators=4, max_depth=4, random_state=0).fit(x, y)
    trees = [export_sklearn_tree(t.tree_, True) for t in est.estimators_]
    shap_cases.append(tree_case("breast_cancer RandomForestClassifier, 4 trees depth 4 (bootstrap covers)", trees, x[::80], x.shape[1], 1.0 / len(trees), "mean of the trees"))

    _, x, y, _ = load("diabetes.csv")
    est = HistGradientBoostingRegressor(max_iter=3, max_leaf_nodes=8, random_state=0).fit(x, y)
    trees = [export_hgb_predictor(p[0]) for p in est._predictors]
    case = tree_case("diabetes HistGradientBoostingRegressor, 3 rounds of 8 leaves (count as cover)", trees, x[::60], x.shape[1], 1.0, "boosted sum; the baseline is added to expectedValue")
    case["baseline"] = float(est._baseline_prediction.reshape(-1)[0])
    shap_cases.append(case)

    hgb_cases = []
    for name, file, classification, leaves, min_leaf in [
        ("diabetes HistGradientBoostingRegressor", "diabetes.csv", False, 8, 20),
        ("breast_cancer HistGradientBoostingClassifier", "breast_cancer.csv", True, 8, 20),
        ("breast_cancer HistGradientBoostingClassifier", "breast_cancer.csv", True, 6, 40),
        ("breast_cancer HistGradientBoostingClassifier", "breast_cancer.csv", True, 4, 60),
        ("wine HistGradientBoostingClassifier (3 classes)", "wine.csv", True, 8, 20),
        ("wine HistGradientBoostingClassifier (3 classes)", "wine.csv", True, 4, 30),
        ("digits HistGradientBoostingClassifier (10 classes)", "digits.csv", True, 6, 40),
    ]:
        _, x, y, _ = load(file)
        params = dict(max_iter=5, max_leaf_nodes=leaves, min_samples_leaf=min_leaf, l2_regularization=1 / 1024, early_stopping=False, random_state=0)
        est = (HistGradientBoostingClassifier if classification else HistGradientBoostingRegressor)(**params).fit(x, y)
        pred = est.predict_proba(x[::7]) if classification else est.predict(x[::7])
        hgb_cases.append(
            {
                "name": f"{name}, 5 rounds of {leaves} leaves, {min_leaf} rows per leaf",
                "dataset": file,
                "task": ("binary" if len(np.unique(y)) == 2 else "multiclass") if classification else "regression",
                "params": {"max_iter": 5, "max_leaf_nodes": leaves, "min_samples_leaf": min_leaf, "l2_regularization": 1 / 1024},
                "baseline": [float(v) for v in np.asarray(est._baseline_prediction).reshape(-1)],
                # Round r, class k: trees[r * K + k].
                "trees": [export_hgb_predictor(p) for round_ in est._predictors for p in round_],
                "predict": [float(v) for v in np.asarray(pred).reshape(-1)],
            }
        )

    binning_cases = []
    for file in ["breast_cancer.csv", "diabetes.csv"]:
        _, x, _, _ = load(file)
        bm = _BinMapper(n_bins=256, subsample=None).fit(x)
        binning_cases.append(
            {
                "dataset": file,
                "thresholds": [[float(v) for v in t] for t in bm.bin_thresholds_],
                # Every 7th row's bins, row-major (rows 0, 7, 14, …).
                "binned": [int(v) for v in bm.transform(x)[::7].reshape(-1)],
            }
        )

    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "automl_trees.json"), "w") as fh:
        json.dump(
            {
                "generator": "scripts/reference/automl_trees.py",
                "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "sklearn": sklearn.__version__},
                "cart": cart_cases,
                "binning": binning_cases,
                "hist_gbm": hgb_cases,
                "shap": shap_cases,
            },
            fh,
            separators=(",", ":"),
        )
        fh.write("\n")
    print(f"wrote {len(cart_cases)} CART cases and {len(shap_cases)} SHAP cases")


if __name__ == "__main__":
    main()
