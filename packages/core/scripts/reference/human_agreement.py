"""Reference values for @assay/core/human (src/human/__tests__/reference/*.json).

Run from packages/core with the Debian interpreter (its SciPy 1.10.1, scikit-learn 1.2.1,
statsmodels 0.13.5, NumPy 1.24.2):

    /usr/bin/python3 scripts/reference/human_agreement.py

- Fleiss' kappa: statsmodels `statsmodels.stats.inter_rater.fleiss_kappa(table, method='fleiss')`.
- Cohen's kappa: scikit-learn `cohen_kappa_score(y1, y2)`.
- Binomial test and Clopper-Pearson interval: SciPy `binomtest(k, n, 0.5)` (two-sided) and
  `.proportion_ci(0.95, 'exact')`.
- Krippendorff's alpha (nominal): the `krippendorff` PyPI package is not packaged by Debian and is
  not installed here, so `krippendorff_alpha_nominal` below is our own implementation of the
  published definition (K. Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011,
  section C: the coincidence matrix o_ck = sum_u pairs_ck(u) / (m_u - 1) over units with m_u >= 2
  pairable values, n_c its margins, alpha = 1 - (n - 1) sum_{c!=k} o_ck / sum_{c!=k} n_c n_k).
  It is checked below on the paper's worked example (4 observers, 12 units, missing values:
  nominal alpha = 0.743) before any case is written.
"""
import json
import os
import sys
import warnings

import numpy as np
import scipy
import sklearn
import statsmodels
from scipy.stats import binomtest
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import fleiss_kappa

warnings.simplefilter("ignore")
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "src", "human", "__tests__", "reference")
VERSIONS = {
    "python": sys.version.split()[0],
    "numpy": np.__version__,
    "scipy": scipy.__version__,
    "sklearn": sklearn.__version__,
    "statsmodels": statsmodels.__version__,
}
rng = np.random.default_rng(20261206)


def dump(name, payload):
    payload = {"generator": "scripts/reference/human_agreement.py", "versions": VERSIONS, **payload}
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), "w") as fh:
        json.dump(payload, fh, separators=(",", ":"))
        fh.write("\n")
    print(name, len(payload.get("cases", [])), "cases")


def num(x):
    """A JSON number, or None where the reference is undefined (NaN / inf)."""
    x = float(x)
    return x if np.isfinite(x) else None


def krippendorff_alpha_nominal(data):
    """data: raters x units, None = missing. Nominal alpha from the coincidence matrix."""
    units = list(zip(*data))
    values = sorted({v for row in data for v in row if v is not None}, key=repr)
    if len(values) <= 1:
        raise ValueError("There has to be more than one value in the domain.")
    index = {v: i for i, v in enumerate(values)}
    o = np.zeros((len(values), len(values)))
    for unit in units:
        present = [v for v in unit if v is not None]
        m = len(present)
        if m < 2:
            continue
        for a in range(m):
            for b in range(m):
                if a != b:
                    o[index[present[a]], index[present[b]]] += 1.0 / (m - 1)
    n_c = o.sum(axis=1)
    n = n_c.sum()
    off = ~np.eye(len(values), dtype=bool)
    observed = o[off].sum()
    expected = (np.outer(n_c, n_c))[off].sum()
    return 1.0 - (n - 1) * observed / expected


# Krippendorff (2011), section C: nominal data, four observers, missing values.
TEXTBOOK = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]
assert round(krippendorff_alpha_nominal(TEXTBOOK), 3) == 0.743, krippendorff_alpha_nominal(TEXTBOOK)


def fleiss_cases():
    cases = []
    for _ in range(60):
        subjects = int(rng.integers(1, 30))
        categories = int(rng.integers(2, 6))
        raters = int(rng.integers(2, 8))
        table = np.zeros((subjects, categories), dtype=int)
        p = rng.dirichlet(np.ones(categories) * rng.uniform(0.3, 3))
        for i in range(subjects):
            # Some subjects near-unanimous, others spread: both kinds of agreement.
            row_p = p if rng.random() < 0.5 else np.eye(categories)[rng.integers(categories)] * 0.8 + 0.2 / categories
            table[i] = rng.multinomial(raters, row_p)
        cases.append({
            "table": table.tolist(),
            "kappa": num(fleiss_kappa(table, method="fleiss")),
        })
    # A single category in use: 0/0, undefined.
    cases.append({"table": [[3, 0], [3, 0]], "kappa": num(fleiss_kappa(np.array([[3, 0], [3, 0]]), method="fleiss"))})
    dump("fleiss_kappa.json", {"cases": cases})


def krippendorff_cases():
    cases = [{"data": TEXTBOOK, "alpha": krippendorff_alpha_nominal(TEXTBOOK), "name": "Krippendorff 2011, section C"}]
    for i in range(60):
        raters = int(rng.integers(2, 7))
        units = int(rng.integers(2, 40))
        k = int(rng.integers(2, 5))
        truth = rng.integers(k, size=units)
        data = []
        for _ in range(raters):
            row = []
            for u in range(units):
                r = rng.random()
                if r < 0.15:
                    row.append(None)
                elif r < 0.7:
                    row.append(int(truth[u]))
                else:
                    row.append(int(rng.integers(k)))
            data.append(row)
        if i % 3 == 0:  # string labels, as the Turing report rates
            data = [[None if v is None else ("human", "machine", "unsure", "skip")[v] for v in row] for row in data]
        try:
            alpha = krippendorff_alpha_nominal(data)
        except ValueError:
            continue
        cases.append({"data": data, "alpha": num(alpha), "name": f"random {i}"})
    dump("krippendorff_alpha.json", {"cases": cases})


def turing_cases():
    """Whole studies: each judgement labels the machine-or-human origin of the answer judged."""
    cases = []
    for c in range(12):
        judges = [f"j{i}" for i in range(int(rng.integers(1, 5)))]
        n_items = int(rng.integers(3, 25))
        mode = "side-by-side" if c % 2 == 0 else "single"
        systems = ["sys-a", "sys-b"] if c % 4 == 0 else ["sys-a"]
        items = []
        for i in range(n_items):
            system = systems[i % len(systems)]
            if mode == "side-by-side":
                items.append({"id": f"i{i}", "origin": "machine", "system": system})
            else:
                origin = "machine" if rng.random() < 0.5 else "human"
                items.append({"id": f"i{i}", "origin": origin, "system": system if origin == "machine" else None})
        skill = {j: rng.uniform(0.3, 0.95) for j in judges}
        judgements = []
        for j in judges:
            for it in items:
                if rng.random() < 0.2:
                    continue  # not every judge judges every item
                correct = rng.random() < skill[j]
                label = it["origin"] if correct else ("human" if it["origin"] == "machine" else "machine")
                judgements.append({"judge": j, "item": it["id"], "label": label})
        if not judgements:
            continue
        correct = [jd["label"] == next(i for i in items if i["id"] == jd["item"])["origin"] for jd in judgements]
        k, n = int(sum(correct)), len(correct)
        bt = binomtest(k, n, 0.5)
        ci = bt.proportion_ci(0.95, "exact")
        per_judge = []
        for j in judges:
            cj = [cr for cr, jd in zip(correct, judgements) if jd["judge"] == j]
            if not cj:
                continue
            b = binomtest(int(sum(cj)), len(cj), 0.5)
            ci_j = b.proportion_ci(0.95, "exact")
            per_judge.append({"judge": j, "correct": int(sum(cj)), "total": len(cj), "pValue": b.pvalue,
                              "ci95": [ci_j.low, ci_j.high]})
        origin = {i["id"]: i["origin"] for i in items}
        machine = [jd for jd in judgements if origin[jd["item"]] == "machine"]
        deceived = sum(1 for jd in machine if jd["label"] == "human")
        ratings = {(jd["judge"], jd["item"]): jd["label"] for jd in judgements}
        active = [j for j in judges if any(jd["judge"] == j for jd in judgements)]
        cohen = None
        if len(active) == 2:
            both = [it["id"] for it in items if (active[0], it["id"]) in ratings and (active[1], it["id"]) in ratings]
            if both:
                cohen = num(cohen_kappa_score([ratings[(active[0], i)] for i in both],
                                              [ratings[(active[1], i)] for i in both]))
        fleiss = None
        full = [it["id"] for it in items if all((j, it["id"]) in ratings for j in active)]
        if len(active) >= 2 and full:
            table = np.array([[sum(ratings[(j, i)] == lab for j in active) for lab in ("human", "machine")] for i in full])
            fleiss = num(fleiss_kappa(table, method="fleiss"))
        alpha = None
        if len(active) >= 2:
            data = [[ratings.get((j, it["id"])) for it in items] for j in active]
            try:
                alpha = num(krippendorff_alpha_nominal(data))
            except ValueError:
                alpha = None
            pairable = sum(1 for it in items if sum((j, it["id"]) in ratings for j in active) >= 2)
            if pairable == 0:
                alpha = None
        cases.append({
            "mode": mode,
            "items": items,
            "judgements": judgements,
            "expected": {
                "correct": k, "total": n, "pValue": bt.pvalue, "ci95": [ci.low, ci.high],
                "machineJudgements": len(machine), "deceived": deceived,
                "perJudge": per_judge, "cohenKappa": cohen, "fleissKappa": fleiss,
                "fleissItems": len(full) if len(active) >= 2 else 0,
                "krippendorffAlpha": alpha,
            },
        })
    dump("turing_report.json", {"cases": cases})


fleiss_cases()
krippendorff_cases()
turing_cases()
