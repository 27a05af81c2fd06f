// AutoML tree learners (issue 16): fit CPU time and 5-fold CV score of Assay's histogram-based
// gradient boosting (`histGradientBoosting` from @assay/core/automl/learners) beside
// scikit-learn's HistGradientBoosting with default settings (Debian python3-sklearn 1.2.1,
// OMP_NUM_THREADS=1 so both use one core), on the same folds of three fixture data sets.
// Assay runs scikit-learn's defaults too (100 rounds, learning rate 0.1, 31 leaves, 20 rows per
// leaf, 255 bins, early stopping beyond 10,000 rows); its l2_regularization is 1/1024, the lowest
// its search space allows (scikit-learn's default is 0).
// Run: npm run bench -- automl-learners (builds first), or `node automl-learners.bench.mjs` after a build.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { histGradientBoosting } from '@assay/core/automl/learners';

const here = dirname(fileURLToPath(import.meta.url));
const datasetsDir = process.env.ASSAY_DATASETS_DIR ?? join(here, '..', 'fixtures', 'datasets');
const python = process.env.ASSAY_PYTHON ?? '/usr/bin/python3';
const FOLDS = 5;
const DATASETS = [
  { name: 'breast_cancer', file: 'breast_cancer.csv', task: 'binary' },
  { name: 'digits', file: 'digits.csv', task: 'multiclass' },
  { name: 'randhie', file: 'randhie.csv', task: 'regression' },
];
const HP = {
  max_iter: 100,
  learning_rate: 0.1,
  max_leaf_nodes: 31,
  min_samples_leaf: 20,
  l2_regularization: 1 / 1024,
  max_features: 1,
};

function load({ file, task }) {
  const lines = readFileSync(join(datasetsDir, file), 'utf8').trim().split('\n').slice(1);
  const cols = lines[0].split(',').length - 1;
  const rows = lines.length;
  const x = new Float64Array(rows * cols);
  const labels = [];
  lines.forEach((line, i) => {
    const cells = line.split(',');
    for (let j = 0; j < cols; j++) x[i * cols + j] = Number(cells[j]);
    labels.push(cells[cols]);
  });
  let y;
  let nClasses = 0;
  if (task === 'regression') y = Float64Array.from(labels, Number);
  else {
    const classes = [...new Set(labels)].sort();
    nClasses = classes.length;
    y = Float64Array.from(labels, (l) => classes.indexOf(l));
  }
  return { x, rows, cols, y, task, nClasses };
}

/** Fold of each row: a seeded shuffle dealt round-robin into FOLDS folds. */
function folds(rows, seed) {
  let s = seed >>> 0;
  const order = Array.from({ length: rows }, (_, i) => i);
  for (let i = rows - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const fold = new Int32Array(rows);
  order.forEach((row, k) => {
    fold[row] = k % FOLDS;
  });
  return fold;
}

function pick(set, fold, k, inFold) {
  const idx = [];
  for (let i = 0; i < set.rows; i++) if ((fold[i] === k) === inFold) idx.push(i);
  const x = new Float64Array(idx.length * set.cols);
  const y = new Float64Array(idx.length);
  idx.forEach((i, r) => {
    x.set(set.x.subarray(i * set.cols, (i + 1) * set.cols), r * set.cols);
    y[r] = set.y[i];
  });
  return { ...set, x, y, rows: idx.length };
}

function score(set, pred) {
  if (set.task === 'regression') {
    const mean = set.y.reduce((a, b) => a + b, 0) / set.rows;
    let res = 0;
    let tot = 0;
    for (let i = 0; i < set.rows; i++) {
      res += (set.y[i] - pred[i]) ** 2;
      tot += (set.y[i] - mean) ** 2;
    }
    return 1 - res / tot;
  }
  let hits = 0;
  for (let i = 0; i < set.rows; i++) {
    let best = 0;
    for (let c = 1; c < set.nClasses; c++)
      if (pred[i * set.nClasses + c] > pred[i * set.nClasses + best]) best = c;
    if (best === set.y[i]) hits++;
  }
  return hits / set.rows;
}

const meanSd = (a) => {
  const m = a.reduce((p, q) => p + q, 0) / a.length;
  const sd = Math.sqrt(a.reduce((p, q) => p + (q - m) ** 2, 0) / (a.length - 1));
  return `${m.toFixed(4)} ± ${sd.toFixed(4)}`;
};
const sum = (a) => a.reduce((p, q) => p + q, 0);

const dir = mkdtempSync(join(tmpdir(), 'assay-automl-bench-'));
const assay = {};
const specs = [];
try {
  for (const ds of DATASETS) {
    const set = load(ds);
    const fold = folds(set.rows, 20261205);
    writeFileSync(join(dir, `${ds.name}.X.f64`), Buffer.from(set.x.buffer));
    writeFileSync(join(dir, `${ds.name}.y.f64`), Buffer.from(set.y.buffer));
    writeFileSync(join(dir, `${ds.name}.fold.i32`), Buffer.from(fold.buffer));
    specs.push({ name: ds.name, file: ds.file, rows: set.rows, cols: set.cols, task: ds.task });
    const fits = [];
    const scores = [];
    for (let k = 0; k < FOLDS; k++) {
      const train = pick(set, fold, k, false);
      const test = pick(set, fold, k, true);
      // CPU time of the process (user + system): on a shared, oversubscribed machine wall time
      // mostly measures the other tenants; scikit-learn's side reports time.process_time().
      const c0 = process.cpuUsage();
      const model = await histGradientBoosting.fit(train, HP, { seed: 0 });
      const c = process.cpuUsage(c0);
      fits.push((c.user + c.system) / 1e6);
      scores.push(score(test, model.predict(test.x, test.rows)));
    }
    assay[ds.name] = { fit: fits, score: scores, rows: set.rows, cols: set.cols, task: ds.task };
  }
  writeFileSync(join(dir, 'spec.json'), JSON.stringify({ datasets: specs }));
  let ref;
  try {
    const out = execFileSync(python, [join(here, 'reference', 'sklearn_hist_gbm.py'), dir], {
      env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
      encoding: 'utf8',
    });
    ref = JSON.parse(out.trim().split('\n').pop());
  } catch (err) {
    console.log(`(scikit-learn reference skipped: ${err.message.split('\n')[0]})`);
  }
  console.log(
    `\nHistogram gradient boosting, ${FOLDS}-fold CV (same folds), fit CPU seconds summed over the folds; score = accuracy (classification) or R² (regression), mean ± sd over folds${ref ? `; scikit-learn ${ref.sklearn}` : ''}\n`,
  );
  console.log(
    '| data set | rows × features | task | Assay fit (CPU) | scikit-learn fit (CPU) | Assay / sklearn | Assay CV score | scikit-learn CV score |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const ds of DATASETS) {
    const a = assay[ds.name];
    const r = ref?.results[ds.name];
    console.log(
      `| ${ds.name} | ${a.rows} × ${a.cols} | ${a.task} | ${sum(a.fit).toFixed(2)} s | ${r ? `${sum(r.fit).toFixed(2)} s` : '—'} | ${r ? `${(sum(a.fit) / sum(r.fit)).toFixed(2)}×` : '—'} | ${meanSd(a.score)} | ${r ? meanSd(r.score) : '—'} |`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
