// Explainer benchmark (issue 4): exact SHAP of an MLP (10 features, 100 background rows, 1,000
// instances), kernel SHAP with 20 features, and permutation importance on 100k rows × 20
// features with 5 repeats, side by side with scikit-learn's permutation_importance on the same
// data and weights (Debian python3-sklearn, single-threaded; without it the comparison is
// skipped with a note). Run: npm run bench -- explain (builds first). ASSAY_BENCH_QUICK=1 shrinks every size tenfold for a smoke run;
// ASSAY_BENCH_ONLY=exact,kernel,pfi runs only those parts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { explain, permutationImportance, shapValues } from '@assay/core/explain';
import { createSpecModel } from '@assay/core/models';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.env.ASSAY_BENCH_QUICK === '1';
const scale = (n) => (quick ? Math.max(1, Math.round(n / 10)) : n);
const python = process.env.ASSAY_PYTHON ?? '/usr/bin/python3';

/** Deterministic data: a small LCG → uniform → Box–Muller normals. */
function normals(count, seed) {
  let s = seed >>> 0;
  const u = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  const out = new Float64Array(count);
  for (let i = 0; i < count; i += 2) {
    const r = Math.sqrt(-2 * Math.log(u()));
    const t = 2 * Math.PI * u();
    out[i] = r * Math.cos(t);
    if (i + 1 < count) out[i + 1] = r * Math.sin(t);
  }
  return out;
}

function mlpSpec(sizes, seed) {
  const w = normals(
    sizes.reduce((a, b) => a + b * 40, 0),
    seed,
  );
  let k = 0;
  const layers = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [nIn, nOut] = [sizes[l], sizes[l + 1]];
    const weights = Array.from({ length: nIn }, () =>
      Array.from({ length: nOut }, () => w[k++] / Math.sqrt(nIn)),
    );
    const bias = Array.from({ length: nOut }, () => 0.1 * w[k++]);
    layers.push({ weights, bias, activation: l + 2 === sizes.length ? 'linear' : 'relu' });
  }
  return { type: 'mlp', layers };
}

const matrix = (rows, cols, seed) => ({ rows, cols, data: normals(rows * cols, seed) });
const fmt = (s) => `${s.toFixed(2)} s`;
const pct = (x) => `${(100 * x).toFixed(1)} %`;
// issue 4's goal is about this time (sampling, building masked rows, solving), not the model's
const outside = (r) => fmt((r.timing.totalMs - r.timing.modelMs) / 1000);
const rows = [];
const only = process.env.ASSAY_BENCH_ONLY?.split(',');
const runs = (part) => only === undefined || only.includes(part);

// 1. exact SHAP, MLP 10-16-1, 100 background rows, 1,000 instances
if (runs('exact')) {
  const model = createSpecModel(mlpSpec([10, 16, 1], 1));
  const bg = matrix(100, 10, 2);
  const inst = matrix(scale(1000), 10, 3);
  const r = await shapValues(model, bg, inst, { method: 'exact' });
  rows.push({
    task: `exact SHAP, MLP 10-16-1, nbg 100, ${inst.rows} instances`,
    assay: fmt(r.timing.totalMs / 1000),
    modelShare: pct(r.timing.modelShare),
    detail: `${outside(r)} outside predict; ${r.timing.modelCalls} predict calls, ${(r.timing.modelRows / 1e6).toFixed(1)} M rows, max |additivity residual| ${r.additivity.maxAbsResidual.toExponential(1)}`,
  });
}

// 2. kernel SHAP, MLP 20-16-1, 100 background rows, 100 instances, nsamples auto (2M + 2048)
if (runs('kernel')) {
  const model = createSpecModel(mlpSpec([20, 16, 1], 4));
  const bg = matrix(100, 20, 5);
  const inst = matrix(scale(100), 20, 6);
  const r = await shapValues(model, bg, inst, { method: 'kernel', seed: 0 });
  rows.push({
    task: `kernel SHAP, MLP 20-16-1, nbg 100, ${inst.rows} instances, 2088 coalitions each`,
    assay: fmt(r.timing.totalMs / 1000),
    modelShare: pct(r.timing.modelShare),
    detail: `${outside(r)} outside predict; ${r.timing.modelCalls} predict calls, ${(r.timing.modelRows / 1e6).toFixed(1)} M rows, max |additivity residual| ${r.additivity.maxAbsResidual.toExponential(1)}`,
  });
}

// 3. permutation importance, 100k × 20, 5 repeats, r2 — against scikit-learn
if (runs('pfi')) {
  const n = scale(100_000);
  const m = 20;
  const X = matrix(n, m, 7);
  const models = {
    linear: { type: 'linear', coef: Array.from(normals(m, 8)), intercept: 0.3 },
    'mlp 20-16-1': mlpSpec([20, 16, 1], 9),
  };
  const truth = await createSpecModel(models['mlp 20-16-1']).predict(X);
  const noise = normals(n, 10);
  const y = truth.map((v, i) => v + 0.5 * noise[i]);
  const dir = mkdtempSync(join(tmpdir(), 'assay-bench-'));
  let sk;
  try {
    writeFileSync(join(dir, 'X.f64'), X.data);
    writeFileSync(join(dir, 'y.f64'), y);
    writeFileSync(
      join(dir, 'spec.json'),
      JSON.stringify({ rows: n, cols: m, models, nRepeats: 5, seed: 0 }),
    );
    const env = {
      ...process.env,
      OMP_NUM_THREADS: '1',
      OPENBLAS_NUM_THREADS: '1',
      MKL_NUM_THREADS: '1',
    };
    sk = JSON.parse(
      execFileSync(python, [join(here, 'reference', 'sklearn_pfi.py'), dir], {
        env,
        encoding: 'utf8',
      }),
    );
  } catch (error) {
    console.error(
      `scikit-learn comparison skipped (${error.message.split('\n')[0]}); install python3-sklearn`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const yArr = Array.from(y);
  for (const [name, spec] of Object.entries(models)) {
    const r = await permutationImportance(createSpecModel(spec), X, yArr, {
      scoring: 'r2',
      nRepeats: 5,
      seed: 0,
    });
    const ref = sk?.results[name];
    let maxDiff = Number.NaN;
    if (ref)
      maxDiff = Math.max(...ref.importancesMean.map((v, j) => Math.abs(v - r.importancesMean[j])));
    rows.push({
      task: `PFI ${name}, ${n} × ${m}, 5 repeats, r2`,
      assay: fmt(r.timing.totalMs / 1000),
      modelShare: pct(r.timing.modelShare),
      sklearn: ref ? fmt(ref.seconds) : 'n/a',
      detail: ref
        ? `speed-up ×${(ref.seconds / (r.timing.totalMs / 1000)).toFixed(2)}; same permutations (seed 0): max |Δ importance| ${maxDiff.toExponential(1)}`
        : '',
    });
  }
  // The same linear case as a JSON caller sends it: plain nested arrays through explain(), so
  // validation and conversion of the 2M numbers are part of the time (wall clock).
  const xRows = Array.from({ length: n }, (_, i) =>
    Array.from(X.data.subarray(i * m, (i + 1) * m)),
  );
  const started = performance.now();
  const plain = await explain(
    'permutationImportance',
    { model: models.linear, X: xRows, y: yArr },
    { scoring: 'r2', nRepeats: 5, seed: 0 },
  );
  const seconds = (performance.now() - started) / 1000;
  const ref = sk?.results.linear;
  rows.push({
    task: `PFI linear, ${n} × ${m} plain arrays via explain(), 5 repeats, r2`,
    assay: fmt(seconds),
    modelShare: pct(plain.timing.modelMs / 1000 / seconds),
    sklearn: ref ? fmt(ref.seconds) : 'n/a',
    detail: `${fmt(seconds - plain.timing.totalMs / 1000)} validating and converting the input${ref ? `; speed-up ×${(ref.seconds / seconds).toFixed(2)}` : ''}`,
  });
  if (sk) console.log(`reference: scikit-learn ${sk.sklearn}, numpy ${sk.numpy} (1 thread)`);
}

console.log(`node ${process.version}, ${quick ? 'QUICK (sizes ÷ 10)' : 'full sizes'}`);
console.table(rows);
