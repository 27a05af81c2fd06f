"""Reference values for the AutoML featurizer of @assay/core
(src/automl/__tests__/reference/automl_featurize.json).

Run from packages/core with the Debian interpreter (scikit-learn 1.2.1, pandas 1.5):

    /usr/bin/python3 scripts/reference/automl_featurize.py
    pnpm exec biome format --write src/automl/__tests__/reference   # the repository's JSON style

Each case is a generated training table and a test table (CSV text, with gaps, unseen categories
and dates). Expected features are scikit-learn's, column by column in the featurizer's order:
numbers: SimpleImputer(strategy='mean') -> StandardScaler, then MissingIndicator(features=
'missing-only') when training had gaps; text categories: SimpleImputer(strategy='most_frequent')
-> OneHotEncoder(handle_unknown='ignore'), or with max_categories and
handle_unknown='infrequent_if_exist' (highCardinality 'infrequent'), or above maxCategories
categories FeatureHasher(n_features=hashFeatures, input_type='string', alternate_sign=True) on each
row's one imputed string (highCardinality 'hashing'), then the indicator; dates: pandas' dt.year, month, day,
dayofweek, hour, minute (parts constant in training are left out), each as a number.
"""
import io
import json
import os

import numpy as np
import pandas as pd
from sklearn.feature_extraction import FeatureHasher
from sklearn.impute import MissingIndicator, SimpleImputer
from sklearn.preprocessing import OneHotEncoder, StandardScaler

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "src", "automl", "__tests__", "reference")
rng = np.random.default_rng(20261207)
PARTS = [("year", "year"), ("month", "month"), ("day", "day"), ("weekday", "dayofweek"),
         ("hour", "hour"), ("minute", "minute")]


def gaps(values, p):
    values = np.array(values, dtype=object)
    values[rng.uniform(size=len(values)) < p] = None
    return values


def table(n, unseen):
    cities = ["Paris", "Lyon", "Nice", "Lille", "Brest", "Metz", "Dijon", "Tours", "Caen", "Pau"]
    if unseen:
        cities = cities + ["Nancy"]
    probs = np.linspace(2, 1, len(cities))
    probs /= probs.sum()
    x1 = rng.normal(10, 3, size=n)
    start = np.datetime64("2024-01-01T00:00")
    minutes = rng.integers(0, 60 * 24 * 400, size=n)
    return pd.DataFrame({
        "id": np.arange(1000, 1000 + n),
        "x1": gaps(x1.round(4), 0.1),
        "x1_copy": (x1 * 2 + 1).round(4),
        "x2": rng.exponential(2.0, size=n).round(4),
        "flag": rng.integers(0, 2, size=n),
        "const": np.full(n, 7),
        "colour": gaps(rng.choice(["red", "green", "blue"] + (["violet"] if unseen else []), size=n), 0.08),
        "city": gaps(rng.choice(cities, size=n, p=probs), 0.05),
        "when": gaps([str(start + np.timedelta64(int(m), "m")).replace("T", " ") for m in minutes], 0.05),
        "answer": gaps(rng.choice(["yes", "no"], size=n), 0.0),
    })


def to_csv(df):
    buf = io.StringIO()
    df.to_csv(buf, index=False)
    return buf.getvalue()


def numeric(train, test):
    tr = train.astype(float).to_numpy().reshape(-1, 1)
    te = test.astype(float).to_numpy().reshape(-1, 1)
    imp = SimpleImputer(strategy="mean").fit(tr)
    sc = StandardScaler().fit(imp.transform(tr))
    blocks = [sc.transform(imp.transform(te))]
    ind = MissingIndicator(features="missing-only").fit(tr)
    if ind.features_.size:
        blocks.append(ind.transform(te).astype(float))
    return blocks


def categorical(train, test, max_categories):
    tr = np.array([np.nan if v is None else v for v in train], dtype=object).reshape(-1, 1)
    te = np.array([np.nan if v is None else v for v in test], dtype=object).reshape(-1, 1)
    imp = SimpleImputer(strategy="most_frequent", missing_values=np.nan).fit(tr)
    if max_categories is None:
        enc = OneHotEncoder(handle_unknown="ignore", sparse_output=False)
    else:
        enc = OneHotEncoder(handle_unknown="infrequent_if_exist", max_categories=max_categories,
                            sparse_output=False)
    enc.fit(imp.transform(tr))
    blocks = [enc.transform(imp.transform(te))]
    ind = MissingIndicator(features="missing-only", missing_values=np.nan).fit(tr)
    if ind.features_.size:
        blocks.append(ind.transform(te).astype(float))
    return blocks


def hashed(train, test, n_features):
    tr = np.array([np.nan if v is None else v for v in train], dtype=object).reshape(-1, 1)
    te = np.array([np.nan if v is None else v for v in test], dtype=object).reshape(-1, 1)
    imp = SimpleImputer(strategy="most_frequent", missing_values=np.nan).fit(tr)
    hasher = FeatureHasher(n_features=n_features, input_type="string", alternate_sign=True)
    # Each sample is an iterable of strings: here the one (imputed) value of the row.
    blocks = [hasher.transform([[v] for v in imp.transform(te)[:, 0]]).toarray()]
    ind = MissingIndicator(features="missing-only", missing_values=np.nan).fit(tr)
    if ind.features_.size:
        blocks.append(ind.transform(te).astype(float))
    return blocks


PLACES = ["Zürich", "Kraków", "São Paulo", "München", "東京", "서울", "Αθήνα", "Москва",
          "Reykjavík", "Malmö", "İstanbul", "Ōsaka", "Québec", "Łódź", "Besançon", "Nîmes",
          "Ærø", "😀 Smiley", "Cañón", "Hà Nội"] + [f"town_{k}" for k in range(40)]
UNSEEN_PLACES = ["Nancy", "Genève", "北京", "🚀 Launch", "Ærøskøbing", "town_99"]


def places_table(n, unseen):
    places = PLACES + (UNSEEN_PLACES if unseen else [])
    probs = np.linspace(3, 1, len(places))
    probs /= probs.sum()
    return pd.DataFrame({
        "x": rng.normal(0, 1, size=n).round(4),
        "place": gaps(rng.choice(places, size=n, p=probs), 0.06),
        "colour": gaps(rng.choice(["red", "green", "blue"], size=n), 0.0),
    })


def dates(train, test):
    tr = pd.to_datetime(pd.Series(train))
    te = pd.to_datetime(pd.Series(test))
    blocks = []
    for _, attr in PARTS:
        a = getattr(tr.dt, attr).astype(float)
        if a.dropna().nunique() <= 1:
            continue
        imp = SimpleImputer(strategy="mean").fit(a.to_numpy().reshape(-1, 1))
        sc = StandardScaler().fit(imp.transform(a.to_numpy().reshape(-1, 1)))
        b = getattr(te.dt, attr).astype(float).to_numpy().reshape(-1, 1)
        blocks.append(sc.transform(imp.transform(b)))
    # MissingIndicator(features='missing-only') on the column: present when training had gaps.
    if tr.isna().any():
        blocks.append(np.where(te.isna(), 1.0, 0.0).reshape(-1, 1))
    return blocks


cases = []
for name, max_categories in [("one-hot everywhere", None), ("infrequent above 5", 5)]:
    train = table(200, unseen=False)
    test = table(40, unseen=True)
    blocks = []
    # The featurizer's order: kept columns in table order (id, const and x1_copy are dropped).
    blocks += numeric(train["x1"], test["x1"])
    blocks += numeric(train["x2"], test["x2"])
    blocks += numeric(train["flag"], test["flag"])
    blocks += categorical(train["colour"], test["colour"], max_categories)
    blocks += categorical(train["city"], test["city"], max_categories)
    blocks += dates(train["when"], test["when"])
    blocks += categorical(train["answer"], test["answer"], max_categories)
    expected = np.hstack(blocks)
    cases.append({
        "name": name,
        "maxCategories": 20 if max_categories is None else max_categories,
        "highCardinality": "infrequent",
        "hashFeatures": 32,
        "train": to_csv(train),
        "test": to_csv(test),
        "dropped": ["id", "x1_copy", "const"],
        "cols": expected.shape[1],
        "expected": expected.ravel().tolist(),
    })

# Hashing: the same mixed table with city (10 categories) above maxCategories 5, into 8 columns;
# then 60 places, non-ASCII names among them, with unseen ones and gaps in the test rows, into the
# default 32 columns and into 7 (a size that is not a power of two).
train = table(200, unseen=False)
test = table(40, unseen=True)
blocks = []
blocks += numeric(train["x1"], test["x1"])
blocks += numeric(train["x2"], test["x2"])
blocks += numeric(train["flag"], test["flag"])
blocks += categorical(train["colour"], test["colour"], None)
blocks += hashed(train["city"], test["city"], 8)
blocks += dates(train["when"], test["when"])
blocks += categorical(train["answer"], test["answer"], None)
expected = np.hstack(blocks)
cases.append({
    "name": "hashing above 5 into 8 columns",
    "maxCategories": 5,
    "highCardinality": "hashing",
    "hashFeatures": 8,
    "train": to_csv(train),
    "test": to_csv(test),
    "dropped": ["id", "x1_copy", "const"],
    "cols": expected.shape[1],
    "expected": expected.ravel().tolist(),
})
for n_features in [32, 7]:
    train = places_table(300, unseen=False)
    test = places_table(60, unseen=True)
    assert set(test["place"].dropna()) - set(train["place"].dropna()), "no unseen place"
    assert test["place"].isna().any() and train["place"].isna().any()
    blocks = numeric(train["x"], test["x"])
    blocks += hashed(train["place"], test["place"], n_features)
    blocks += categorical(train["colour"], test["colour"], None)
    expected = np.hstack(blocks)
    cases.append({
        "name": f"hashing 60 places, non-ASCII and unseen ones, into {n_features} columns",
        "maxCategories": 20,
        "highCardinality": "hashing",
        "hashFeatures": n_features,
        "train": to_csv(train),
        "test": to_csv(test),
        "dropped": [],
        "cols": expected.shape[1],
        "expected": expected.ravel().tolist(),
    })

os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "automl_featurize.json"), "w") as f:
    json.dump({"generator": "scripts/reference/automl_featurize.py", "cases": cases}, f,
              ensure_ascii=False)
