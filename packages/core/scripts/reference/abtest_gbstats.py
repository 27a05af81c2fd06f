"""Reference values for @assay/core/abtest's analysis (src/abtest/__tests__/reference/abtest_gbstats.json).

Every expected number comes from the reference named beside it, run on generated experiments
(unit-level data simulated with NumPy, then aggregated into the sufficient statistics the
analysis takes):

- GrowthBook's stats engine gbstats 0.8.0 (github:growthbook/growthbook, packages/stats, commit
  recorded in the fixture): TwoSidedTTest, SequentialTwoSidedTTest, EffectBayesianABTest (defaults),
  RegressionAdjustedStatistic and RegressionAdjustedRatioStatistic (CUPED), RatioStatistic, check_srm;
- statsmodels 0.13.5: proportions_ztest, confint_proportions_2indep(method='wald'), multipletests
  (holm, fdr_bh);
- SciPy 1.10.1: ttest_ind(equal_var=False) on the raw unit-level samples, chisquare.

Run from packages/core with Debian's python3 (NumPy, SciPy, pandas, statsmodels) plus pydantic
(`/usr/bin/python3 -m venv --system-site-packages venv && venv/bin/pip install pydantic`):

    PYTHONPATH=/path/to/growthbook/packages/stats GROWTHBOOK_COMMIT=<sha> venv/bin/python \
        scripts/reference/abtest_gbstats.py
"""
import json
import math
import os
import sys
import warnings

import numpy as np
import scipy
import statsmodels
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

from gbstats.bayesian.tests import EffectBayesianABTest, EffectBayesianConfig
from gbstats.frequentist.tests import (
    FrequentistConfig,
    SequentialConfig,
    SequentialTwoSidedTTest,
    TwoSidedTTest,
)
from gbstats.models.statistics import (
    ProportionStatistic,
    RatioStatistic,
    RegressionAdjustedRatioStatistic,
    RegressionAdjustedStatistic,
    SampleMeanStatistic,
)
from gbstats.utils import check_srm

warnings.simplefilter("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "src", "abtest", "__tests__", "reference", "abtest_gbstats.json")
rng = np.random.default_rng(20261205)


def num(x):
    """A JSON number, or null for NaN/inf (the reference's NaN)."""
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


# ---------------------------------------------------------------- simulated unit-level data
def simulate(kind, n, effect, cuped):
    """Unit-level data of one variant: returns (stats JSON, raw values or None)."""
    if kind == "proportion":
        pre = rng.random(n) < 0.3
        base = 0.1 + (0.25 if cuped else 0.0) * pre
        x = (rng.random(n) < base * (1 + effect)).astype(float)
        s = {"kind": "proportion", "n": int(n), "sum": float(x.sum())}
        if cuped:
            p = pre.astype(float)
            s["pre"] = {"sum": float(p.sum()), "sumSquares": float((p * p).sum()), "productSum": float((x * p).sum())}
        return s, x
    if kind == "mean":
        pre = rng.gamma(2.0, 5.0, n)
        noise = rng.normal(0, 4.0, n)
        x = (0.8 * pre if cuped else 8.0) * (1 + effect) + noise
        x = np.round(x, 3)  # values as they would be logged
        s = {"kind": "mean", "n": int(n), "sum": float(x.sum()), "sumSquares": float((x * x).sum())}
        if cuped:
            p = np.round(pre, 3)
            s["pre"] = {"sum": float(p.sum()), "sumSquares": float((p * p).sum()), "productSum": float((x * p).sum())}
        return s, x
    # ratio: revenue per session, per user (with CUPED: the same user's pre-period revenue and sessions)
    if cuped:
        sessions_pre = rng.poisson(3.0, n).astype(float)
        revenue_pre = np.round(sessions_pre * rng.gamma(2.0, 1.5, n), 2)
        sessions = rng.poisson(0.5 + 0.8 * sessions_pre).astype(float)
        revenue = np.round((0.6 * revenue_pre + sessions * rng.gamma(2.0, 0.6, n)) * (1 + effect), 2)
    else:
        sessions = rng.poisson(3.0, n).astype(float)
        revenue = np.round(sessions * rng.gamma(2.0, 1.5, n) * (1 + effect), 2)
    s = {
        "kind": "ratio",
        "n": int(n),
        "numeratorSum": float(revenue.sum()),
        "numeratorSumSquares": float((revenue * revenue).sum()),
        "denominatorSum": float(sessions.sum()),
        "denominatorSumSquares": float((sessions * sessions).sum()),
        "productSum": float((revenue * sessions).sum()),
    }
    if cuped:
        s["pre"] = {
            "numeratorSum": float(revenue_pre.sum()),
            "numeratorSumSquares": float((revenue_pre ** 2).sum()),
            "denominatorSum": float(sessions_pre.sum()),
            "denominatorSumSquares": float((sessions_pre ** 2).sum()),
            "productSum": float((revenue_pre * sessions_pre).sum()),
            "numeratorProductSum": float((revenue * revenue_pre).sum()),
            "denominatorProductSum": float((sessions * sessions_pre).sum()),
            "numeratorDenominatorPreSum": float((revenue * sessions_pre).sum()),
            "numeratorPreDenominatorSum": float((revenue_pre * sessions).sum()),
        }
    return s, None


def gb_stat(s, cuped):
    if s["kind"] == "ratio" and cuped and "pre" in s:
        n, p = s["n"], s["pre"]
        return RegressionAdjustedRatioStatistic(
            n=n,
            m_statistic_post=SampleMeanStatistic(n=n, sum=s["numeratorSum"], sum_squares=s["numeratorSumSquares"]),
            d_statistic_post=SampleMeanStatistic(n=n, sum=s["denominatorSum"], sum_squares=s["denominatorSumSquares"]),
            m_statistic_pre=SampleMeanStatistic(n=n, sum=p["numeratorSum"], sum_squares=p["numeratorSumSquares"]),
            d_statistic_pre=SampleMeanStatistic(n=n, sum=p["denominatorSum"], sum_squares=p["denominatorSumSquares"]),
            m_post_m_pre_sum_of_products=p["numeratorProductSum"],
            d_post_d_pre_sum_of_products=p["denominatorProductSum"],
            m_pre_d_pre_sum_of_products=p["productSum"],
            m_post_d_post_sum_of_products=s["productSum"],
            m_post_d_pre_sum_of_products=p["numeratorDenominatorPreSum"],
            m_pre_d_post_sum_of_products=p["numeratorPreDenominatorSum"],
            theta=None,
        )
    if s["kind"] == "ratio":
        n = s["n"]
        return RatioStatistic(
            n=n,
            m_statistic=SampleMeanStatistic(n=n, sum=s["numeratorSum"], sum_squares=s["numeratorSumSquares"]),
            d_statistic=SampleMeanStatistic(n=n, sum=s["denominatorSum"], sum_squares=s["denominatorSumSquares"]),
            m_d_sum_of_products=s["productSum"],
        )
    if s["kind"] == "proportion":
        post = ProportionStatistic(n=s["n"], sum=s["sum"])
    else:
        post = SampleMeanStatistic(n=s["n"], sum=s["sum"], sum_squares=s["sumSquares"])
    if not cuped or "pre" not in s:
        return post
    p = s["pre"]
    if s["kind"] == "proportion":
        pre = ProportionStatistic(n=s["n"], sum=p["sum"])
    else:
        pre = SampleMeanStatistic(n=s["n"], sum=p["sum"], sum_squares=p["sumSquares"])
    return RegressionAdjustedStatistic(n=s["n"], post_statistic=post, pre_statistic=pre, post_pre_sum_of_products=p["productSum"], theta=None)


def gb_unadjusted_mean(s):
    return float(gb_stat(s, False).mean)


EMPTY = {"estimate": None, "ci": None, "pValue": None, "error": None}


def from_freq(res):
    if res.errorMessage:
        return {**EMPTY, "error": res.errorMessage}
    return {"estimate": num(res.expected), "ci": [num(res.ci[0]), num(res.ci[1])], "pValue": num(res.pValue), "error": None}


def expected_case(inp, raw):
    method = inp["method"]
    alpha = inp.get("alpha", 0.05)
    tuning = inp.get("sequentialTuning", 5000)
    cuped = inp.get("cuped", False)
    correction = inp.get("correction", "none")
    units = [v["units"] for v in inp["variants"]]
    weights = [v["expectedWeight"] for v in inp["variants"]]
    srm_p = float(check_srm(units, weights))  # gbstats
    out_metrics = []
    for mi, m in enumerate(inp["metrics"]):
        inverse = m.get("inverse", False)
        st = m["stats"]
        kind = st[0]["kind"]
        cuped_on = cuped and "pre" in st[0]
        rows = []
        for i, s in enumerate(st):
            row = {"variant": i, "mean": num(gb_unadjusted_mean(s)), "absolute": EMPTY, "relative": EMPTY,
                   "chanceToWin": None, "expectedLoss": None, "adjustedPValue": None, "varianceReduction": None}
            if i == 0:
                rows.append(row)
                continue
            a, b = gb_stat(st[0], cuped_on), gb_stat(s, cuped_on)
            pair = [(a, b)]
            if method == "bayesian":
                eff = {}
                for dt in ("relative", "absolute"):
                    r = EffectBayesianABTest(pair, EffectBayesianConfig(difference_type=dt, alpha=alpha, inverse=inverse)).compute_result()
                    if r.errorMessage:
                        eff[dt] = ({**EMPTY, "error": r.errorMessage}, None, None)
                    else:
                        eff[dt] = ({"estimate": num(r.expected), "ci": [num(r.ci[0]), num(r.ci[1])], "pValue": None, "error": None},
                                   num(r.chanceToWin), num(r.risk[1]))
                row["relative"], row["absolute"] = eff["relative"][0], eff["absolute"][0]
                head = eff["relative"] if eff["relative"][0]["error"] is None else eff["absolute"]
                row["chanceToWin"], row["expectedLoss"] = head[1], head[2]
            elif method == "sequential":
                for dt in ("relative", "absolute"):
                    cfg = SequentialConfig(difference_type=dt, alpha=alpha, sequential_tuning_parameter=tuning)
                    row[dt] = from_freq(SequentialTwoSidedTTest(pair, cfg).compute_result())
            else:
                row["relative"] = from_freq(TwoSidedTTest(pair, FrequentistConfig(difference_type="relative", alpha=alpha)).compute_result())
                gb_abs = from_freq(TwoSidedTTest(pair, FrequentistConfig(difference_type="absolute", alpha=alpha)).compute_result())
                if cuped_on or kind == "ratio":
                    row["absolute"] = gb_abs
                elif kind == "proportion":
                    sa, na, sb, nb = st[0]["sum"], st[0]["n"], s["sum"], s["n"]
                    z, p = proportions_ztest([sb, sa], [nb, na])  # statsmodels: B − A, pooled
                    lo, hi = confint_proportions_2indep(sb, nb, sa, na, method="wald", compare="diff", alpha=alpha)
                    row["absolute"] = {"estimate": num(sb / nb - sa / na), "ci": [num(lo), num(hi)] if num(lo) is not None and num(hi) is not None else None,
                                       "pValue": num(p), "error": None if num(p) is not None else "NAN_STATISTIC"}
                else:
                    xa, xb = raw[mi][0], raw[mi][i]
                    t, p = sps.ttest_ind(xb, xa, equal_var=False)  # SciPy Welch on the raw samples
                    # the interval: gbstats' absolute TwoSidedTTest (Welch dof, t quantile) — SciPy 1.10 gives none
                    row["absolute"] = {"estimate": num(xb.mean() - xa.mean()), "ci": gb_abs["ci"], "pValue": num(p),
                                       "error": None if num(p) is not None else "NAN_STATISTIC"}
            if cuped_on:
                ra = TwoSidedTTest(pair, FrequentistConfig(difference_type="absolute", alpha=alpha)).compute_result()
                unadj = TwoSidedTTest([(gb_stat(st[0], False), gb_stat(s, False))], FrequentistConfig(difference_type="absolute", alpha=alpha)).compute_result()
                if not ra.errorMessage and not unadj.errorMessage:
                    row["varianceReduction"] = num(1 - ra.uplift.stddev ** 2 / unadj.uplift.stddev ** 2)
            rows.append(row)
        out_metrics.append({"name": m["name"], "cuped": cuped_on, "variants": rows})
    if correction != "none" and method != "bayesian":
        slots = [(mi, i) for mi, m in enumerate(inp["metrics"]) if m["role"] == "primary"
                 for i in range(1, len(inp["variants"])) if out_metrics[mi]["variants"][i]["relative"]["pValue"] is not None]
        if slots:
            ps = [out_metrics[mi]["variants"][i]["relative"]["pValue"] for mi, i in slots]
            adj = multipletests(ps, method={"holm": "holm", "benjamini-hochberg": "fdr_bh"}[correction])[1]
            for (mi, i), q in zip(slots, adj):
                out_metrics[mi]["variants"][i]["adjustedPValue"] = num(q)
    srm = {"pValue": srm_p}
    if all(w > 0 for w in weights) and sum(units) > 0:
        total = sum(units)
        chi = sps.chisquare(units, [w / sum(weights) * total for w in weights])
        srm["chiSquare"] = float(chi.statistic)
        srm["scipyPValue"] = float(chi.pvalue)
    return {"srm": srm, "metrics": out_metrics}


def make_case(name, kinds, k, n, effects, method, cuped=False, skew=0.0, **extra):
    counts = [int(n * (1 + (skew if i == 1 else 0)) + rng.integers(-n // 50 - 1, n // 50 + 1)) for i in range(k)]
    variants = [{"name": "control" if i == 0 else f"v{i}", "units": counts[i], "expectedWeight": 1 / k} for i in range(k)]
    metrics, raw = [], []
    for mi, kind in enumerate(kinds):
        sts, raws = [], []
        for i in range(k):
            s, x = simulate(kind, counts[i], 0.0 if i == 0 else effects[mi % len(effects)] * i, cuped)
            sts.append(s)
            raws.append(x)
        metrics.append({"name": f"{kind}{mi}", "role": "primary" if mi < 2 else "guardrail",
                        "inverse": bool(mi == 3), "stats": sts})
        raw.append(raws)
    inp = {"variants": variants, "metrics": metrics, "method": method, **extra}
    if cuped:
        inp["cuped"] = True
    return {"name": name, "input": inp, "expected": expected_case(inp, raw)}


cases = []
for method in ("frequentist", "sequential", "bayesian"):
    for r in range(4):
        n = [200, 2000, 20000, 150000][r]
        cases.append(make_case(f"{method} mixed kinds n={n}", ["proportion", "mean", "ratio", "mean", "proportion"], 2, n, [0.08, 0.03, -0.05], method,
                               correction=["none", "holm", "benjamini-hochberg", "holm"][r], alpha=[0.05, 0.05, 0.1, 0.01][r]))
    cases.append(make_case(f"{method} three variants", ["proportion", "mean", "ratio"], 3, 5000, [0.1, 0.04], method, correction="holm"))
    cases.append(make_case(f"{method} CUPED proportion + mean + ratio", ["proportion", "mean", "ratio", "mean"], 2, 8000, [0.05, 0.02, 0.04], method, cuped=True))
    cases.append(make_case(f"{method} CUPED three variants", ["mean", "proportion", "ratio"], 3, 3000, [0.03, 0.1, -0.05], method, cuped=True))
    cases.append(make_case(f"{method} sample-ratio mismatch", ["proportion", "mean"], 2, 10000, [0.0, 0.0], method, skew=0.06))
for tuning in (500, 5000, 50000):
    cases.append(make_case(f"sequential tuning {tuning}", ["proportion", "mean", "ratio"], 2, 12000, [0.06, 0.02], "sequential", sequentialTuning=tuning))


def handmade(name, variants, metrics, method, raw=None, **extra):
    inp = {"variants": variants, "metrics": metrics, "method": method, **extra}
    raw = raw or [[None for _ in variants] for _ in metrics]
    for mi, m in enumerate(metrics):
        if m["stats"][0]["kind"] == "mean" and not extra.get("cuped") and raw[mi][0] is None:
            raise ValueError("handmade mean metrics need raw samples")
    return {"name": name, "input": inp, "expected": expected_case(inp, raw)}


def mean_stats(x):
    x = np.asarray(x, dtype=float)
    return {"kind": "mean", "n": int(len(x)), "sum": float(x.sum()), "sumSquares": float((x * x).sum())}


two = [{"name": "control", "units": 1000, "expectedWeight": 0.5}, {"name": "b", "units": 1000, "expectedWeight": 0.5}]
for method in ("frequentist", "sequential", "bayesian"):
    cases.append(handmade(f"{method} edge: no successes anywhere, none in control, all successes", two, [
        {"name": "none", "role": "primary", "stats": [{"kind": "proportion", "n": 1000, "sum": 0}, {"kind": "proportion", "n": 1000, "sum": 0}]},
        {"name": "control-zero", "role": "primary", "stats": [{"kind": "proportion", "n": 1000, "sum": 0}, {"kind": "proportion", "n": 1000, "sum": 7}]},
        {"name": "all", "role": "guardrail", "stats": [{"kind": "proportion", "n": 1000, "sum": 1000}, {"kind": "proportion", "n": 1000, "sum": 1000}]},
        {"name": "ratio-zero-denominator", "role": "guardrail", "stats": [
            {"kind": "ratio", "n": 1000, "numeratorSum": 0, "numeratorSumSquares": 0, "denominatorSum": 0, "denominatorSumSquares": 0, "productSum": 0},
            {"kind": "ratio", "n": 1000, "numeratorSum": 50, "numeratorSumSquares": 90, "denominatorSum": 40, "denominatorSumSquares": 60, "productSum": 70}]},
    ], method))
    cases.append(handmade(f"{method} edge: extreme effect (|mean/sd| > 37 risk branch)", two, [
        {"name": "huge", "role": "primary", "stats": [{"kind": "proportion", "n": 100000, "sum": 1000}, {"kind": "proportion", "n": 100000, "sum": 30000}]},
    ], method))

# Means at the edge: one unit in control (SciPy: NaN; gbstats: zero variance), constant values in
# both arms (no variance at all), and CUPED whose covariate has no variance (θ = 0: gbstats falls
# back to the unadjusted statistics, so the variance reduction is 0).
one = [np.array([4.0]), rng.normal(5, 1, 50).round(3)]
const = [np.full(40, 2.5), np.full(60, 2.5)]
shifted = [np.full(40, 2.5), np.full(60, 3.0)]
for method in ("frequentist", "sequential", "bayesian"):
    cases.append(handmade(f"{method} edge: mean with one control unit, constant values", two, [
        {"name": "one-unit", "role": "primary", "stats": [mean_stats(x) for x in one]},
        {"name": "constant", "role": "guardrail", "stats": [mean_stats(x) for x in const]},
        {"name": "constant-shifted", "role": "guardrail", "stats": [mean_stats(x) for x in shifted]},
    ], method, raw=[one, const, shifted]))
    flat_pre = []
    for i in range(2):
        x = rng.normal(10 + i, 3, 500).round(3)
        st = mean_stats(x)
        st["pre"] = {"sum": 0.0, "sumSquares": 0.0, "productSum": 0.0}
        flat_pre.append(st)
    cases.append(handmade(f"{method} CUPED with a covariate without variance (theta 0)", two, [
        {"name": "flat-pre", "role": "primary", "stats": flat_pre}], method, cuped=True))

# SRM with a zero-weight variant (gbstats skips it) and with no units.
cases.append(handmade("srm with no units at all", [{"name": "a", "units": 0, "expectedWeight": 0.5}, {"name": "b", "units": 0, "expectedWeight": 0.5}], [], "frequentist"))

# ---------------------------------------------------------------- planner (statsmodels)
from statsmodels.stats.power import NormalIndPower, tt_ind_solve_power
from statsmodels.stats.proportion import proportion_effectsize

plans = []
for rate, mde, alpha, power in [(0.1, 0.05, 0.05, 0.8), (0.02, 0.1, 0.05, 0.9), (0.5, -0.02, 0.01, 0.8), (0.3, 0.2, 0.1, 0.8), (0.05, 0.01, 0.05, 0.8)]:
    h = proportion_effectsize(rate * (1 + mde), rate)
    n1 = NormalIndPower().solve_power(effect_size=h, alpha=alpha, power=power, ratio=1, alternative="two-sided")
    plans.append({"input": {"baseline": {"kind": "proportion", "rate": rate}, "mde": mde, "alpha": alpha, "power": power, "dailyUnits": 5000},
                  "effectSize": float(h), "unitsPerVariantExact": float(n1)})
for mean, sd, mde, alpha, power in [(10.0, 4.0, 0.02, 0.05, 0.8), (3.5, 10.0, 0.05, 0.05, 0.9), (-2.0, 1.0, 0.1, 0.01, 0.8)]:
    d = mde * abs(mean) / sd
    n1 = NormalIndPower().solve_power(effect_size=d, alpha=alpha, power=power, ratio=1, alternative="two-sided")
    nt = tt_ind_solve_power(effect_size=d, alpha=alpha, power=power, ratio=1, alternative="two-sided")
    plans.append({"input": {"baseline": {"kind": "mean", "mean": mean, "sd": sd}, "mde": mde, "alpha": alpha, "power": power, "variants": 3},
                  "effectSize": float(d), "unitsPerVariantExact": float(n1), "ttIndSolvePower": float(nt)})

# ---------------------------------------------------------------- multiple testing (statsmodels)
multi = []
for m in (1, 2, 5, 12):
    ps = list(map(float, np.concatenate([rng.uniform(0, 0.05, m // 2), rng.uniform(0, 1, m - m // 2)])))
    if m == 12:
        ps[3] = ps[7]  # a tie
    multi.append({"pValues": ps, "holm": list(map(float, multipletests(ps, method="holm")[1])),
                  "benjamini-hochberg": list(map(float, multipletests(ps, method="fdr_bh")[1]))})

json.dump({
    "source": f"gbstats 0.8.0 (github:growthbook/growthbook@{os.environ.get('GROWTHBOOK_COMMIT', 'unknown')}), statsmodels {statsmodels.__version__}, SciPy {scipy.__version__}, NumPy {np.__version__}, Python {sys.version.split()[0]}",
    "cases": cases,
    "plans": plans,
    "multipleTesting": multi,
}, open(OUT, "w"), indent=None)
print(f"wrote {OUT}: {len(cases)} cases, {len(plans)} plans, {len(multi)} corrections")
