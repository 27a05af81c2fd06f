"""Reference values for @assay/core/abtest's assignment (src/abtest/__tests__/reference/abtest_growthbook_hash.json).

GrowthBook's own code is the reference: its JS SDK's `packages/sdk-js/src/util.ts` (hash, getBucketRanges,
chooseVariation, inNamespace) is transpiled with the TypeScript compiler of this repository and run under
Node on generated inputs (ASCII, accented and astral-plane Unicode ids, long ids), and the shared test
suite `packages/sdk-js/test/cases.json` is copied for the hash, getBucketRange, chooseVariation,
inNamespace and the plain experiment runs (key/seed, weights, coverage, hashVersion only).

Run from packages/core, with a checkout of github:growthbook/growthbook (commit recorded in the fixture):

    GROWTHBOOK_DIR=/path/to/growthbook /usr/bin/python3 scripts/reference/abtest_growthbook_hash.py
"""
import json
import os
import random
import subprocess
import sys

GB = os.environ["GROWTHBOOK_DIR"]
HERE = os.path.dirname(os.path.abspath(__file__))
CORE = os.path.join(HERE, "..", "..")
OUT = os.path.join(CORE, "src", "abtest", "__tests__", "reference", "abtest_growthbook_hash.json")
COMMIT = os.environ.get("GROWTHBOOK_COMMIT", "unknown")

cases = json.load(open(os.path.join(GB, "packages", "sdk-js", "test", "cases.json")))

rng = random.Random(20261205)
ALPHABETS = [
    "abcdefghijklmnopqrstuvwxyz0123456789",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ-_:./@ ",
    "éèàçüößñ漢字テスト",
    "\U0001F600\U0001F680\U00010348",  # astral: two UTF-16 code units each
]


def random_id():
    n = rng.choice([0, 1, 2, 5, 8, 16, 36, 64, 200])
    alphabet = "".join(rng.sample(ALPHABETS, rng.randint(1, len(ALPHABETS))))
    return "".join(rng.choice(alphabet) for _ in range(n))


generated_hash = []
for i in range(400):
    seed = random_id() if i % 7 else ""
    value = random_id()
    generated_hash.append([seed, value, 1 + (i % 2)])

generated_ranges = []
for i in range(60):
    k = rng.randint(1, 6)
    raw = [rng.random() for _ in range(k)]
    total = sum(raw)
    weights = [w / total for w in raw]
    coverage = rng.choice([1, 1, 0.5, 0.2, 0.999, 0, rng.random()])
    generated_ranges.append([k, coverage, weights])

runner = r"""
const fs = require('fs');
const ts = require(process.env.TS_PATH);
const src = fs.readFileSync(process.env.UTIL_TS, 'utf8');
const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText;
const m = { exports: {} };
new Function('module', 'exports', 'require', 'process', js)(m, m.exports, require, { env: { NODE_ENV: 'production' } });
const gb = m.exports;
const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const hash = input.hash.map(([s, v, ver]) => [s, v, ver, gb.hash(s, v, ver)]);
const ranges = input.ranges.map(([k, c, w]) => {
  const r = gb.getBucketRanges(k, c, w);
  const n = hash.map((h) => h[3]).filter((x) => x !== null);
  return [[k, c, w], r, n.slice(0, 50).map((x) => [x, gb.chooseVariation(x, r)])];
});
process.stdout.write(JSON.stringify({ hash, ranges }));
"""
ts_path = os.path.join(CORE, "node_modules", "typescript")
proc = subprocess.run(
    ["node", "-e", runner],
    input=json.dumps({"hash": generated_hash, "ranges": generated_ranges}),
    capture_output=True,
    text=True,
    env={**os.environ, "TS_PATH": ts_path, "UTIL_TS": os.path.join(GB, "packages", "sdk-js", "src", "util.ts")},
    check=True,
)
ran = json.loads(proc.stdout)

# Plain experiment runs of cases.json: only key/seed, variations, weights, coverage and hashVersion.
PLAIN = {"key", "variations", "weights", "coverage", "hashVersion", "seed"}
runs = []
for name, ctx, exp, value, in_exp, hash_used in cases["run"]:
    if not set(exp) <= PLAIN or ctx.get("enabled") is False or ctx.get("qaMode") or ctx.get("url") or ctx.get("forcedVariations"):
        continue
    attrs = ctx.get("attributes") or {}
    unit = attrs.get("id")
    if not isinstance(unit, str) or unit == "" or len(exp["variations"]) < 2:
        continue
    k = len(exp["variations"])
    runs.append({
        "name": name,
        "salt": exp.get("seed", exp["key"]),
        "unitId": unit,
        "weights": exp.get("weights", [1 / k] * k),
        "coverage": exp.get("coverage", 1),
        "hashVersion": exp.get("hashVersion", 1),
        "variant": exp["variations"].index(value) if in_exp else -1,
    })

json.dump(
    {
        "source": f"github:growthbook/growthbook@{COMMIT} packages/sdk-js (util.ts run under Node; test/cases.json)",
        "python": sys.version.split()[0],
        "casesJson": {k: cases[k] for k in ["hash", "getBucketRange", "chooseVariation", "inNamespace"]},
        "runs": runs,
        "generated": ran,
    },
    open(OUT, "w"),
    ensure_ascii=False,
    indent=None,
)
print(f"wrote {OUT}: {len(ran['hash'])} hashes, {len(ran['ranges'])} range sets, {len(runs)} runs")
