// Paired comparison benchmark (issue 13): the paired percentile bootstrap of ROC AUC(candidate) −
// ROC AUC(baseline), 1,000 resamples of 100,000 rows, Assay's `pairedBootstrapRocAuc` (sort once,
// count draws per row, O(n) per resample) against the same loop over scikit-learn's
// `roc_auc_score` with the SAME resample indices (Debian python3-sklearn, single-threaded; without
// it the comparison is skipped with a note), in one run. Each side is timed BENCH_RUNS (default 3)
// times: medians and spread (min–max). The intervals must match: Assay is run once more on the
// indices scikit-learn gets, and its interval compared. Also timed: comparePredictions end to end
// (validation, ROC AUC, DeLong, the bootstrap) on the same rows.
// Run: npm run bench -- compare (builds first). ASSAY_BENCH_QUICK=1 shrinks the rows tenfold.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { comparePredictions } from '@assay/core';
import { pairedBootstrapRocAuc } from '@assay/core/stats';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.env.ASSAY_BENCH_QUICK === '1';
const python = process.env.ASSAY_PYTHON ?? '/usr/bin/python3';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const n = quick ? 10_000 : 100_000;
const B = 1000;
const level = 0.95;

/** Deterministic data: a small LCG → uniform → Box–Muller normals. */
function lcg(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
}
const u = lcg(13);
const normal = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
const y = new Uint8Array(n);
const a = new Float64Array(n);
const b = new Float64Array(n);
for (let i = 0; i < n; i++) {
  y[i] = u() < 0.3 ? 1 : 0;
  // scores rounded to 3 decimals: ties, as real classifiers' rounded probabilities have
  a[i] = Math.round(1000 / (1 + Math.exp(-(1.2 * y[i] - 0.6 + normal())))) / 1000;
  b[i] = Math.round(1000 / (1 + Math.exp(-(1.0 * y[i] - 0.5 + normal())))) / 1000;
}
const yArr = Array.from(y);
const aArr = Array.from(a);
const bArr = Array.from(b);

const median = (xs) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)];
const spread = (xs, digits = 2) =>
  `${median(xs).toFixed(digits)} s (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

// 1. Assay, seeded draws (the default path), BENCH_RUNS times
const assaySeconds = [];
let seeded;
for (let r = 0; r < RUNS; r++) {
  globalThis.gc?.();
  const t0 = performance.now();
  seeded = pairedBootstrapRocAuc(yArr, aArr, bArr, {
    nResamples: B,
    seed: r,
    confidenceLevel: level,
  });
  assaySeconds.push((performance.now() - t0) / 1000);
}

// 2. comparePredictions end to end on the same rows (plain arrays, as a JSON caller sends them)
const compareSeconds = [];
let report;
for (let r = 0; r < RUNS; r++) {
  globalThis.gc?.();
  const t0 = performance.now();
  report = comparePredictions({
    yTrue: yArr,
    candidate: { yPred: aArr.map((p) => (p > 0.5 ? 1 : 0)), yScore: aArr },
    baseline: { yPred: bArr.map((p) => (p > 0.5 ? 1 : 0)), yScore: bArr },
    metrics: ['rocAuc'],
    confidence: { level, nResamples: B, seed: r },
  });
  compareSeconds.push((performance.now() - t0) / 1000);
}

// 3. scikit-learn on explicit indices (an LCG of the benchmark's own), and Assay on the same
const draw = lcg(99);
const idx = new Uint32Array(B * n);
for (let k = 0; k < idx.length; k++) idx[k] = Math.floor(draw() * n);
const rowsOf = Array.from({ length: B }, (_, r) => idx.subarray(r * n, (r + 1) * n));
const t0 = performance.now();
const shared = pairedBootstrapRocAuc(yArr, aArr, bArr, { indices: rowsOf, confidenceLevel: level });
const sharedSeconds = (performance.now() - t0) / 1000;

const dir = mkdtempSync(join(tmpdir(), 'assay-bench-compare-'));
let sk;
try {
  writeFileSync(join(dir, 'y.u8'), y);
  writeFileSync(join(dir, 'a.f64'), a);
  writeFileSync(join(dir, 'b.f64'), b);
  writeFileSync(join(dir, 'idx.u32'), idx);
  writeFileSync(join(dir, 'spec.json'), JSON.stringify({ rows: n, nResamples: B, level }));
  const env = {
    ...process.env,
    OMP_NUM_THREADS: '1',
    OPENBLAS_NUM_THREADS: '1',
    MKL_NUM_THREADS: '1',
  };
  sk = JSON.parse(
    execFileSync(python, [join(here, 'reference', 'sklearn_compare.py'), dir, String(RUNS)], {
      env,
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    }),
  );
} catch (error) {
  console.error(
    `scikit-learn comparison skipped (${error.message.split('\n')[0]}); install python3-sklearn`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const rows = [
  {
    task: `paired bootstrap ROC AUC, ${n} rows, ${B} resamples (seeded draws)`,
    median: spread(assaySeconds),
    detail: `interval [${seeded.low.toFixed(5)}, ${seeded.high.toFixed(5)}], Δ ${seeded.delta.toFixed(5)}`,
  },
  {
    task: 'same, explicit indices (the ones scikit-learn gets; 1 run, includes checking them)',
    median: `${sharedSeconds.toFixed(2)} s`,
    detail: `interval [${shared.low.toFixed(6)}, ${shared.high.toFixed(6)}]`,
  },
  {
    task: `comparePredictions(rocAuc), ${n} rows, ${B} resamples + DeLong`,
    median: spread(compareSeconds),
    detail: `DeLong p ${report.metrics[0].test.pValue.toExponential(2)}; interval [${report.metrics[0].interval.low.toFixed(5)}, ${report.metrics[0].interval.high.toFixed(5)}]`,
  },
];
if (sk) {
  const diff = Math.max(Math.abs(sk.low - shared.low), Math.abs(sk.high - shared.high));
  const est = Math.max(
    Math.abs(sk.estimateA - shared.estimateA),
    Math.abs(sk.estimateB - shared.estimateB),
  );
  rows.push({
    task: `scikit-learn roc_auc_score loop, same ${B} × ${n} indices`,
    median: spread(sk.seconds),
    detail: `interval [${sk.low.toFixed(6)}, ${sk.high.toFixed(6)}]; max |Δ bound| vs Assay ${diff.toExponential(1)}, max |Δ AUC| ${est.toExponential(1)}`,
  });
  const speedup = median(sk.seconds) / median(assaySeconds);
  console.log(`reference: scikit-learn ${sk.sklearn}, numpy ${sk.numpy} (1 thread)`);
  console.log(
    `speed-up (medians): ×${speedup.toFixed(1)} (goal ≥ 5); intervals ${diff < 1e-9 ? 'match' : 'DIFFER'} (max |Δ| ${diff.toExponential(1)})`,
  );
  if (diff >= 1e-9) process.exitCode = 1;
}
console.log(`node ${process.version}, ${quick ? 'QUICK (rows ÷ 10)' : 'full sizes'}, ${RUNS} runs`);
console.table(rows);
