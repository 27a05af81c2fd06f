"""Reference values for the paired tests of @assay/core (src/stats/__tests__/reference/*.json).

Run from packages/core with the Debian interpreter (its SciPy 1.10.1, scikit-learn 1.2.1,
statsmodels 0.13.5, NumPy 1.24.2):

    /usr/bin/python3 scripts/reference/paired_tests.py

Every expected value comes from the reference call named beside it; nothing is computed by Assay.
"""
import json
import os
import sys
import warnings

import numpy as np
import scipy
import sklearn
import statsmodels
from scipy import stats
from sklearn.metrics import accuracy_score, f1_score, mean_absolute_error, roc_auc_score
from statsmodels.stats.contingency_tables import mcnemar

warnings.simplefilter("ignore")
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "src", "stats", "__tests__", "reference")
VERSIONS = {
    "python": sys.version.split()[0],
    "numpy": np.__version__,
    "scipy": scipy.__version__,
    "sklearn": sklearn.__version__,
    "statsmodels": statsmodels.__version__,
}
rng = np.random.default_rng(20261205)


def f(x):
    """A JSON number (NaN/inf refused: the generator only keeps defined cases)."""
    x = float(x)
    assert np.isfinite(x), x
    return x


def dump(name, payload):
    payload = {"generator": "scripts/reference/paired_tests.py", "versions": VERSIONS, **payload}
    with open(os.path.join(OUT, name), "w") as fh:
        json.dump(payload, fh, separators=(",", ":"))
        fh.write("\n")
    print(name, len(payload["cases"]), "cases")


def mcnemar_cases():
    tables = [
        [[0, 0], [0, 0]], [[5, 0], [0, 7]], [[10, 1], [0, 3]], [[59, 6], [16, 80]],
        [[101, 121], [59, 33]], [[794, 86], [150, 570]], [[2, 12], [13, 1]], [[0, 24], [0, 0]],
        [[0, 12], [13, 0]], [[40, 100], [100, 40]], [[3, 30], [1, 4]], [[1000, 1], [40, 5000]],
    ]
    for _ in range(28):
        b, c = rng.integers(0, 60, size=2)
        a, d = rng.integers(0, 500, size=2)
        tables.append([[int(a), int(b)], [int(c), int(d)]])
    cases = []
    for t in tables:
        for exact, correction in [(True, True), (False, True), (False, False)]:
            if not exact and t[0][1] + t[1][0] == 0:
                continue  # 0/0: statsmodels returns NaN; Assay throws (tested separately)
            r = mcnemar(np.array(t), exact=exact, correction=correction)
            cases.append({
                "table": t, "exact": exact, "correction": correction,
                "call": f"mcnemar({t}, exact={exact}, correction={correction})",
                "statistic": f(r.statistic), "pvalue": f(r.pvalue),
            })
    dump("mcnemar.json", {"reference": "statsmodels.stats.contingency_tables.mcnemar", "cases": cases})


def ttest_cases():
    cases = []
    specs = [(2, 1.0), (3, 0.5), (5, 1.0), (10, 0.2), (30, 2.0), (100, 0.1), (1000, 0.05)]
    for n, shift in specs:
        for alt in ["two-sided", "less", "greater"]:
            a = np.round(rng.normal(0, 1, n), 3)
            b = np.round(a - shift * rng.normal(0.3, 1, n), 3)
            r = stats.ttest_rel(a, b, alternative=alt)
            cases.append({"a": a.tolist(), "b": b.tolist(), "alternative": alt,
                          "t": f(r.statistic), "pvalue": f(r.pvalue), "df": n - 1})
    # ties and integers
    a = [1, 2, 2, 3, 3, 3, 4, 4, 5, 9]
    b = [1, 1, 2, 2, 3, 4, 4, 5, 5, 5]
    for alt in ["two-sided", "less", "greater"]:
        r = stats.ttest_rel(a, b, alternative=alt)
        cases.append({"a": a, "b": b, "alternative": alt, "t": f(r.statistic),
                      "pvalue": f(r.pvalue), "df": 9})
    dump("ttest_rel.json", {"reference": "scipy.stats.ttest_rel", "cases": cases})


def wilcoxon_cases():
    cases = []
    samples = []
    # small, untied: exact path
    for n in [1, 2, 5, 9, 10, 20, 50]:
        samples.append(("untied n=%d" % n, np.round(rng.normal(0.3, 1, n), 6), None))
    # small with ties (exact path with a half-integer R+, truncated as SciPy does)
    samples.append(("ties n=12", np.array([1, -1, 2, 2, -2, 3, 3, 3, 4, -4, 5, 6], float), None))
    samples.append(("ties n=8", np.array([0.5, 0.5, -0.5, 1.5, 1.5, -2.5, 2.5, 3.0]), None))
    # zeros: approx path even for small n
    samples.append(("zeros n=10", np.array([0, 0, 1, -2, 3, 4, -1, 2, 5, 0], float), None))
    samples.append(("zeros+ties n=30", np.round(rng.normal(0.2, 1, 30)).astype(float), None))
    # large: approx path
    for n in [51, 120, 1000]:
        samples.append(("untied n=%d" % n, np.round(rng.normal(0.1, 1, n), 6), None))
    samples.append(("ties+zeros n=200", np.round(rng.normal(0.1, 1.5, 200)), None))
    # paired x, y (the test subtracts)
    x = np.round(rng.normal(10, 2, 40), 2)
    y = np.round(x + rng.normal(0.3, 1, 40), 2)
    samples.append(("paired x,y n=40", x, y))
    x2 = np.round(rng.normal(10, 2, 80), 1)
    y2 = np.round(x2 + rng.normal(0.1, 0.5, 80), 1)
    samples.append(("paired x,y n=80", x2, y2))
    stored = []
    for k, (label, a, b) in enumerate(samples):
        stored.append({"label": label, "a": a.tolist(), **({} if b is None else {"b": b.tolist()})})
        d = a if b is None else a - b
        has_zero = bool(np.any(d == 0))
        for zero_method in ["wilcox", "pratt", "zsplit"]:
            for correction in [False, True]:
                for alt in ["two-sided", "less", "greater"]:
                    for method in ["auto", "approx", "exact"]:
                        if method == "exact" and (has_zero or len(d) > 60):
                            continue
                        if method == "auto" and correction and len(d) <= 50 and not has_zero:
                            continue  # correction unused on the exact path: one case is enough
                        if zero_method != "wilcox" and not has_zero and method != "approx":
                            continue
                        try:
                            args = (a,) if b is None else (a, b)
                            r = stats.wilcoxon(*args, zero_method=zero_method, correction=correction,
                                               alternative=alt, method=method)
                        except ValueError:
                            continue
                        if not (np.isfinite(r.statistic) and np.isfinite(r.pvalue)):
                            continue
                        cases.append({"sample": k, "zero_method": zero_method,
                                      "correction": correction, "alternative": alt, "method": method,
                                      "statistic": f(r.statistic), "pvalue": f(r.pvalue)})
    dump("wilcoxon.json", {"reference": "scipy.stats.wilcoxon(a[, b], zero_method, correction, alternative, method) (SciPy 1.10.1: auto = exact for n <= 50, approx with zeros)", "samples": stored, "cases": cases})


def delong_direct(y, sa, sb):
    """DeLong et al. (1988) with O(m n) placement values (numpy), independent of Sun & Xu."""
    pos, neg = y == 1, y == 0
    out = []
    for s in (sa, sb):
        X, Y = s[pos][:, None], s[neg][None, :]
        psi = (X > Y) + 0.5 * (X == Y)
        out.append((psi.mean(axis=1), psi.mean(axis=0), psi.mean()))
    m, n = pos.sum(), neg.sum()
    V10 = np.vstack([o[0] for o in out])
    V01 = np.vstack([o[1] for o in out])
    S = np.cov(V10) / m + np.cov(V01) / n
    var = S[0, 0] + S[1, 1] - 2 * S[0, 1]
    diff = out[0][2] - out[1][2]
    z = diff / np.sqrt(var)
    p = 2 * stats.norm.sf(abs(z))
    half = stats.norm.ppf(0.975) * np.sqrt(var)
    return diff, var, z, p, diff - half, diff + half


def delong_cases():
    cases = []
    for n, prevalence, ties in [(10, 0.5, False), (25, 0.3, True), (60, 0.5, False), (200, 0.2, True),
                                 (500, 0.5, True), (1500, 0.1, False)]:
        y = (rng.random(n) < prevalence).astype(int)
        y[0], y[1], y[2], y[3] = 0, 0, 1, 1
        sa = y * 0.8 + rng.normal(0, 1, n)
        sb = y * 0.5 + 0.5 * sa + rng.normal(0, 1, n)
        if ties:
            sa, sb = np.round(sa, 1), np.round(sb, 1)
        diff, var, z, p, low, high = delong_direct(y, sa, sb)
        cases.append({"n": n, "yTrue": y.tolist(), "yScoreA": sa.tolist(), "yScoreB": sb.tolist(),
                      "aucA": f(roc_auc_score(y, sa)), "aucB": f(roc_auc_score(y, sb)),
                      "difference": f(diff), "variance": f(var), "z": f(z), "pvalue": f(p),
                      "low95": f(low), "high95": f(high)})
    dump("delong.json", {"reference": "AUCs: sklearn.metrics.roc_auc_score; variance, z, p, interval: DeLong (1988) O(mn) placement values in NumPy (delong_direct)", "cases": cases})


def bootstrap_cases():
    cases = []
    n, B = 300, 60
    y = (rng.random(n) < 0.4).astype(int)
    sa = np.round(y * 0.9 + rng.normal(0, 1, n), 2)
    sb = np.round(y * 0.6 + rng.normal(0, 1, n), 2)
    pa, pb = (sa > 0.45).astype(int), (sb > 0.3).astype(int)
    reg_true = np.round(rng.normal(5, 2, n), 3)
    reg_a = np.round(reg_true + rng.normal(0, 1, n), 3)
    reg_b = np.round(reg_true + rng.normal(0.2, 1.2, n), 3)
    idx = rng.integers(0, n, size=(B, n))
    for metric, fn, a, b, truth in [
        ("rocAuc", roc_auc_score, sa, sb, y),
        ("accuracy", accuracy_score, pa, pb, y),
        ("f1", f1_score, pa, pb, y),
        ("mae", mean_absolute_error, reg_a, reg_b, reg_true),
    ]:
        deltas = np.array([fn(truth[i], a[i]) - fn(truth[i], b[i]) for i in idx])
        for level in [0.9, 0.95]:
            lo, hi = np.percentile(deltas, [(1 - level) / 2 * 100, (1 + level) / 2 * 100])
            cases.append({"metric": metric, "yTrue": truth.tolist(), "a": a.tolist(), "b": b.tolist(),
                          "level": level, "estimateA": f(fn(truth, a)), "estimateB": f(fn(truth, b)),
                          "low": f(lo), "high": f(hi), "deltas": deltas.tolist()})
    dump("paired_bootstrap.json", {"reference": "loop over the given indices with sklearn.metrics.<metric>(y[i], s[i]); numpy.percentile (linear)", "indices": idx.tolist(), "cases": cases})


mcnemar_cases()
ttest_cases()
wilcoxon_cases()
delong_cases()
bootstrap_cases()


def compare_cases():
    """End-to-end expectations of comparePredictions (src/evaluate/__tests__/comparePredictions.test.ts)."""
    cases = []
    for n, shift in [(40, 0.3), (400, 0.8), (3000, 0.1)]:
        y = (rng.random(n) < 0.45).astype(int)
        y[:2], y[2:4] = 0, 1
        sa = np.round(1 / (1 + np.exp(-(y * 2 - 1) * (1.0 + shift) - rng.normal(0, 1.5, n))), 4)
        sb = np.round(1 / (1 + np.exp(-(y * 2 - 1) * 1.0 - rng.normal(0, 1.5, n))), 4)
        pa, pb = (sa > 0.5).astype(int), (sb > 0.5).astype(int)
        ca, cb = pa == y, pb == y
        table = [[int(np.sum(ca & cb)), int(np.sum(ca & ~cb))], [int(np.sum(~ca & cb)), int(np.sum(~ca & ~cb))]]
        exact = table[0][1] + table[1][0] < 25
        m = mcnemar(np.array(table), exact=exact, correction=True)
        diff, var, z, p, low, high = delong_direct(y, sa, sb)
        cases.append({
            "task": "binary", "n": n, "yTrue": y.tolist(), "scoreA": sa.tolist(), "scoreB": sb.tolist(),
            "predA": pa.tolist(), "predB": pb.tolist(),
            "accuracy": [f(accuracy_score(y, pa)), f(accuracy_score(y, pb))],
            "f1": [f(f1_score(y, pa)), f(f1_score(y, pb))],
            "rocAuc": [f(roc_auc_score(y, sa)), f(roc_auc_score(y, sb))],
            "mcnemar": {"exact": exact, "statistic": f(m.statistic), "pvalue": f(m.pvalue), "table": table},
            "delong": {"z": f(z), "pvalue": f(p), "variance": f(var), "low": f(low), "high": f(high)},
        })
    for n, noise in [(30, 1.0), (45, 0.6), (200, 0.9)]:
        y = np.round(rng.normal(10, 3, n), 2)
        a = np.round(y + rng.normal(0, 1.0, n), 2)
        b = np.round(y + rng.normal(0.2, 1.0 + noise, n), 2)
        ea, eb = a - y, b - y
        entry = {"task": "regression", "n": n, "yTrue": y.tolist(), "predA": a.tolist(), "predB": b.tolist()}
        for name, fa, fb, value in [
            ("mae", np.abs(ea), np.abs(eb), lambda p: mean_absolute_error(y, p)),
            ("mse", ea ** 2, eb ** 2, lambda p: float(np.mean((p - y) ** 2))),
            ("rmse", ea ** 2, eb ** 2, lambda p: float(np.sqrt(np.mean((p - y) ** 2)))),
        ]:
            t = stats.ttest_rel(fa, fb)
            w = stats.wilcoxon(fa, fb)
            entry[name] = {"values": [f(value(a)), f(value(b))], "t": f(t.statistic), "tp": f(t.pvalue),
                           "w": f(w.statistic), "wp": f(w.pvalue)}
        cases.append(entry)
    dump("compare.json", {"reference": "sklearn accuracy_score/f1_score/roc_auc_score/mean_absolute_error; statsmodels mcnemar (exact below 25 discordant pairs, else chi2 corrected); DeLong O(mn) (delong_direct); scipy ttest_rel and wilcoxon on |e| (MAE) and e^2 (MSE, RMSE)", "cases": cases})


compare_cases()
