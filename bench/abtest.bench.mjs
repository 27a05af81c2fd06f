// A/B-test core benchmark (issue 14), one core, BENCH_RUNS (default 3) runs, medians and spread:
// 1. assignments/s: `createAssigner` (the validated hot path) and `assignVariant` (validation on
//    every call) of @assay/core/abtest, against a naive JS copy of GrowthBook's published
//    `hashFnv32a`/`hash` v2 (shift-add FNV, string concatenation) and GrowthBook's algorithm in
//    CPython (bench/reference/abtest_growthbook_hash.py), on the same 2,000,000 ids; the three
//    must assign identically (the run fails otherwise). Goal: ≥ 1,000,000/s in the core.
// 2. aggregation of 10,000,000 synthetic events (1,000,000 units, 2 variants, 5 metrics: a
//    conversion, revenue, revenue per session (ratio), latency, errors) into per-unit and then
//    per-variant sufficient statistics in typed arrays, and `analyzeAbTest` on those statistics
//    (2 variants × 5 metrics, each method). Goal: analysis of 10M events < 2 s after aggregation.
// Run: npm run bench -- abtest (builds first), or here after a build: node abtest.bench.mjs.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeAbTest, assignVariant, createAssigner } from '@assay/core/abtest';

const here = dirname(fileURLToPath(import.meta.url));
const python = process.env.ASSAY_PYTHON ?? '/usr/bin/python3';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const quick = process.env.ASSAY_BENCH_QUICK === '1';
const N_IDS = quick ? 200_000 : 2_000_000;
const N_EVENTS = quick ? 1_000_000 : 10_000_000;
const N_UNITS = N_EVENTS / 10;
const SALT = 'model-v7-vs-v8';
const WEIGHTS = [0.5, 0.5];

const median = (xs) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)];
const fmt = (xs, unit, digits = 0, scale = 1) => {
  const f = (x) =>
    (x * scale).toLocaleString('en-US', {
      maximumFractionDigits: digits,
      minimumFractionDigits: digits,
    });
  return `${f(median(xs))}${unit} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`;
};

// GrowthBook's util.ts hashFnv32a/hash v2/getBucketRanges/chooseVariation, copied as published.
function gbHashFnv32a(str) {
  let hval = 0x811c9dc5;
  const l = str.length;
  for (let i = 0; i < l; i++) {
    hval ^= str.charCodeAt(i);
    hval += (hval << 1) + (hval << 4) + (hval << 7) + (hval << 8) + (hval << 24);
  }
  return hval >>> 0;
}
const gbHash = (seed, value) => (gbHashFnv32a(`${gbHashFnv32a(seed + value)}`) % 10000) / 10000;
function gbRanges(weights) {
  let cumulative = 0;
  return weights.map((w) => {
    const start = cumulative;
    cumulative += w;
    return [start, start + w];
  });
}
function gbChoose(n, ranges) {
  for (let i = 0; i < ranges.length; i++) if (n >= ranges[i][0] && n < ranges[i][1]) return i;
  return -1;
}

const ids = Array.from({ length: N_IDS }, (_, i) => `user-${i}`);

function assignAll(assign) {
  const counts = [0, 0];
  let checksum = 0;
  for (let i = 0; i < N_IDS; i++) {
    const a = assign(ids[i]);
    counts[a.variant]++;
    checksum += Math.round(a.bucket * 10000);
  }
  return { counts, checksum };
}

const assigner = createAssigner({ salt: SALT, weights: WEIGHTS });
const gbRange = gbRanges(WEIGHTS);
const rows = [
  { label: 'Assay `createAssigner` (config checked once)', assign: assigner },
  {
    label: 'Assay `assignVariant` (checks every call)',
    assign: (unitId) => assignVariant({ salt: SALT, unitId, weights: WEIGHTS }),
  },
  {
    label: "GrowthBook's util.ts hash, naive copy (JS)",
    assign: (unitId) => {
      const bucket = gbHash(SALT, unitId);
      return { variant: gbChoose(bucket, gbRange), bucket };
    },
  },
].map((row) => ({ ...row, perSecond: [], ...assignAll(row.assign) })); // the first pass warms up the JIT
// Runs interleaved (every implementation once per round) so that the machine's load hits all alike.
for (let r = 0; r < RUNS; r++) {
  for (const row of rows) {
    globalThis.gc?.();
    const t0 = performance.now();
    assignAll(row.assign);
    row.perSecond.push(N_IDS / ((performance.now() - t0) / 1000));
  }
}
const py = [];
let pyOut;
for (let r = 0; r < RUNS; r++) {
  try {
    pyOut = JSON.parse(
      execFileSync(
        python,
        [
          join(here, 'reference', 'abtest_growthbook_hash.py'),
          String(N_IDS),
          'user-',
          SALT,
          WEIGHTS.join(','),
        ],
        {
          encoding: 'utf8',
          maxBuffer: 1 << 20,
        },
      ),
    );
    py.push(pyOut.perSecond);
  } catch (error) {
    console.log(`(GrowthBook's algorithm in Python skipped: ${error.message.split('\n')[0]})`);
    break;
  }
}
if (pyOut)
  rows.push({
    label: "GrowthBook's algorithm in CPython (reference script)",
    perSecond: py,
    counts: pyOut.counts,
    checksum: pyOut.checksum,
  });
for (const row of rows.slice(1)) {
  if (row.checksum !== rows[0].checksum || row.counts.join() !== rows[0].counts.join()) {
    console.error(
      `${row.label} assigns differently: ${row.counts} / ${row.checksum} vs ${rows[0].counts} / ${rows[0].checksum}`,
    );
    process.exit(1);
  }
}
console.log(
  `\n### Assignment: ${N_IDS.toLocaleString('en-US')} ids, salt '${SALT}', 50/50, one core, ${RUNS} runs (median (min–max))\n`,
);
console.log('| implementation | assignments/s | vs Assay hot path |');
console.log('|---|---|---|');
const base = median(rows[0].perSecond);
for (const row of rows) {
  console.log(
    `| ${row.label} | ${fmt(row.perSecond, '')} | ${(median(row.perSecond) / base).toFixed(2)}× |`,
  );
}
console.log(
  `\nAll ${rows.length} assign identically: variants ${rows[0].counts.join(' / ')}, Σ bucket·10⁴ = ${rows[0].checksum}. Goal ≥ 1,000,000/s: ${base >= 1e6 ? 'met' : 'NOT met'}.`,
);

// ---- 2. events → sufficient statistics → analysis
function lcg(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
}
const u = lcg(14);
const unitVariant = new Uint8Array(N_UNITS);
for (let i = 0; i < N_UNITS; i++) unitVariant[i] = assigner(`user-${i}`).variant;
// events: unit, kind (0 conversion, 1 revenue, 2 session, 3 latency, 4 error), value
const evUnit = new Uint32Array(N_EVENTS);
const evKind = new Uint8Array(N_EVENTS);
const evValue = new Float64Array(N_EVENTS);
for (let e = 0; e < N_EVENTS; e++) {
  const unit = Math.floor(u() * N_UNITS);
  const lift = unitVariant[unit] === 1 ? 1.02 : 1;
  const k = Math.floor(u() * 5);
  evUnit[e] = unit;
  evKind[e] = k;
  evValue[e] =
    k === 0
      ? u() < 0.05 * lift
        ? 1
        : 0
      : k === 1
        ? Math.round(u() * 20 * lift * 100) / 100
        : k === 2
          ? 1
          : k === 3
            ? 80 + u() * 40
            : u() < 0.01
              ? 1
              : 0;
}

const FIELDS = 5;
function aggregate() {
  // per unit: converted (max), revenue (sum), sessions (count), latency (sum, count), error (max)
  const perUnit = new Float64Array(N_UNITS * 6);
  for (let e = 0; e < N_EVENTS; e++) {
    const base6 = evUnit[e] * 6;
    const v = evValue[e];
    switch (evKind[e]) {
      case 0:
        if (v > perUnit[base6]) perUnit[base6] = v;
        break;
      case 1:
        perUnit[base6 + 1] += v;
        break;
      case 2:
        perUnit[base6 + 2] += v;
        break;
      case 3:
        perUnit[base6 + 3] += v;
        perUnit[base6 + 4] += 1;
        break;
      default:
        if (v > perUnit[base6 + 5]) perUnit[base6 + 5] = v;
    }
  }
  // per variant: n, Σconv, Σrev, Σrev², Σsess, Σsess², Σrev·sess, Σlat, Σlat², Σerr
  const acc = new Float64Array(2 * 10);
  for (let i = 0; i < N_UNITS; i++) {
    const o = unitVariant[i] * 10;
    const b = i * 6;
    const rev = perUnit[b + 1];
    const sess = perUnit[b + 2];
    const lat = perUnit[b + 4] > 0 ? perUnit[b + 3] / perUnit[b + 4] : 0;
    acc[o] += 1;
    acc[o + 1] += perUnit[b];
    acc[o + 2] += rev;
    acc[o + 3] += rev * rev;
    acc[o + 4] += sess;
    acc[o + 5] += sess * sess;
    acc[o + 6] += rev * sess;
    acc[o + 7] += lat;
    acc[o + 8] += lat * lat;
    acc[o + 9] += perUnit[b + 5];
  }
  return acc;
}
void FIELDS;

function toInput(acc, method) {
  const v = (i) => acc.subarray(i * 10, i * 10 + 10);
  const stats = (f) => [f(v(0)), f(v(1))];
  return {
    variants: [0, 1].map((i) => ({
      name: i === 0 ? 'v7' : 'v8',
      units: v(i)[0],
      expectedWeight: 0.5,
    })),
    metrics: [
      {
        name: 'conversion',
        role: 'primary',
        stats: stats((a) => ({ kind: 'proportion', n: a[0], sum: a[1] })),
      },
      {
        name: 'revenue',
        role: 'primary',
        stats: stats((a) => ({ kind: 'mean', n: a[0], sum: a[2], sumSquares: a[3] })),
      },
      {
        name: 'revenue per session',
        role: 'guardrail',
        stats: stats((a) => ({
          kind: 'ratio',
          n: a[0],
          numeratorSum: a[2],
          numeratorSumSquares: a[3],
          denominatorSum: a[4],
          denominatorSumSquares: a[5],
          productSum: a[6],
        })),
      },
      {
        name: 'latency',
        role: 'guardrail',
        inverse: true,
        stats: stats((a) => ({ kind: 'mean', n: a[0], sum: a[7], sumSquares: a[8] })),
      },
      {
        name: 'errors',
        role: 'guardrail',
        inverse: true,
        stats: stats((a) => ({ kind: 'proportion', n: a[0], sum: a[9] })),
      },
    ],
    method,
    correction: 'holm',
  };
}

const aggSeconds = [];
let acc;
for (let r = 0; r < RUNS; r++) {
  globalThis.gc?.();
  const t0 = performance.now();
  acc = aggregate();
  aggSeconds.push((performance.now() - t0) / 1000);
}
const analysisMs = {};
let lastDecision;
for (const method of ['frequentist', 'sequential', 'bayesian']) {
  const input = toInput(acc, method);
  const per = [];
  for (let r = 0; r < RUNS; r++) {
    const reps = 2000;
    const t0 = performance.now();
    for (let k = 0; k < reps; k++) lastDecision = analyzeAbTest(input).decision;
    per.push((performance.now() - t0) / reps);
  }
  analysisMs[method] = per;
}
console.log(
  `\n### ${N_EVENTS.toLocaleString('en-US')} events (${N_UNITS.toLocaleString('en-US')} units, 2 variants, 5 metrics), one core, ${RUNS} runs\n`,
);
console.log('| step | time, median (min–max) |');
console.log('|---|---|');
console.log(
  `| aggregate events → per-unit → per-variant sufficient statistics (typed arrays) | ${fmt(aggSeconds, ' s', 2)} |`,
);
for (const [method, per] of Object.entries(analysisMs)) {
  console.log(
    `| \`analyzeAbTest\` (${method}, 2 variants × 5 metrics, validation included) | ${fmt(per, ' ms', 3)} |`,
  );
}
console.log(
  `\nEvents throughput in aggregation: ${(N_EVENTS / median(aggSeconds) / 1e6).toFixed(1)}M events/s. Goal (analysis of 10M events < 2 s after aggregation): ${Math.max(...Object.values(analysisMs).map(median)) < 2000 ? 'met' : 'NOT met'}. Last decision: ${JSON.stringify(lastDecision)}`,
);
