#!/usr/bin/env node
// AutoML (issue 16): Assay's runAutoMl on every fixture data set with a wall-clock budget, beside
//  - LightGBM tuned by Optuna for the same budget (reference/automl_lgbm_optuna.py), the issue's
//    reference: what FLAML and AutoGluon are built on;
//  - scikit-learn's HistGradientBoosting with default settings (reference/automl_hgb.py);
//  - the published baselines of the data sets' README (fixtures/datasets/README.md),
// all on the same rows, the same folds (the run's own `makeSplits`, exported to Python) and the
// same metric (the run's primary metric: accuracy or R²). The systems run one after another, never
// at once, each with one thread, so that each gets the budget's wall time on a shared machine.
//
//   node automl.bench.mjs [--seconds 60] [--datasets iris,fair]
//   (or BENCH_AUTOML_SECONDS / BENCH_AUTOML_DATASETS; `node scripts/assay.mjs bench automl`)
//
// The Python side runs in a virtual environment the bench makes on first use (bench/.venv-automl,
// or ASSAY_BENCH_VENV): Debian's python3 with --system-site-packages (scikit-learn 1.2.1, pandas)
// and `pip install lightgbm optuna` from the machine's package index. Needs a build.
//
// The goal (issue 16): Assay's best at least LightGBM+Optuna's score minus one standard error of
// its folds (for a single holdout, the bootstrap standard error of its holdout score).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseDataset } from '@assay/core';
import { makeSplits, prepareTarget, runAutoMl } from '@assay/core/automl';

const here = dirname(fileURLToPath(import.meta.url));
const datasets = process.env.ASSAY_DATASETS_DIR ?? join(here, '..', 'fixtures', 'datasets');
const { values: args } = parseArgs({
  options: { seconds: { type: 'string' }, datasets: { type: 'string' }, out: { type: 'string' } },
});
const SECONDS = Number(args.seconds ?? process.env.BENCH_AUTOML_SECONDS ?? 60);
/** Name, target column, and the README's baseline (the low end of its published range). */
const ALL = [
  ['iris', 'species', 0.95, 'accuracy 0.95–0.97 (published)'],
  ['wine', 'cultivar', 0.97, 'accuracy 0.97–0.99 (published)'],
  ['breast_cancer', 'diagnosis', 0.96, 'accuracy 0.96–0.98 (published)'],
  ['diabetes', 'progression', 0.45, 'R² 0.45–0.50 (linear, published)'],
  ['digits', 'digit', 0.97, 'accuracy 0.97–0.99 (published)'],
  ['fair', 'had_affair', 0.724, 'accuracy 0.724 (logistic, 5-fold)'],
  ['randhie', 'mdvis', 0.152, 'R² 0.152 (HGB, 5-fold)'],
];
const wanted = (args.datasets ?? process.env.BENCH_AUTOML_DATASETS ?? '')
  .split(',')
  .filter(Boolean);
const picked = ALL.filter(([name]) => wanted.length === 0 || wanted.includes(name));
if (picked.length === 0) {
  console.error(
    `no data set matches ${wanted.join(', ')}; known: ${ALL.map((d) => d[0]).join(', ')}`,
  );
  process.exit(1);
}

const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** The venv with lightgbm and optuna, made on first use. */
function python() {
  const venv = process.env.ASSAY_BENCH_VENV ?? join(here, '.venv-automl');
  const bin = join(venv, 'bin', 'python');
  const ready = () =>
    existsSync(bin) &&
    spawnSync(bin, ['-c', 'import lightgbm, optuna, sklearn, pandas'], { stdio: 'ignore' })
      .status === 0;
  if (ready()) return bin;
  console.error(
    `making ${venv} (python3 -m venv --system-site-packages; pip install lightgbm optuna)`,
  );
  const steps = [
    ['/usr/bin/python3', ['-m', 'venv', '--system-site-packages', venv]],
    [join(venv, 'bin', 'pip'), ['install', '--quiet', 'lightgbm', 'optuna']],
  ];
  for (const [cmd, argv] of steps) {
    const r = spawnSync(cmd, argv, { stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(
        `${cmd} ${argv.join(' ')} failed: the bench needs Debian's python3-venv and python3-sklearn, and lightgbm and optuna on pip's index`,
      );
      process.exit(2);
    }
  }
  if (!ready()) {
    console.error(`${bin} cannot import lightgbm, optuna, sklearn and pandas`);
    process.exit(2);
  }
  return bin;
}

const py = python();
function reference(script, job) {
  const r = spawnSync(py, [join(here, 'reference', script)], {
    input: JSON.stringify(job),
    encoding: 'utf8',
    cwd: join(here, 'reference'),
    // One thread, as Assay's search: OpenMP threads would only contend on a shared machine.
    env: { ...process.env, OMP_NUM_THREADS: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${script} failed on ${job.csv}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const mean = (xs) => xs.reduce((a, v) => a + v, 0) / xs.length;
/** Standard error of the mean over folds; a holdout's comes from the reference's bootstrap. */
const se = (xs, holdoutSe) => {
  if (xs.length < 2) return holdoutSe ?? Number.NaN;
  const m = mean(xs);
  return (
    Math.sqrt(xs.reduce((a, v) => a + (v - m) ** 2, 0) / (xs.length - 1)) / Math.sqrt(xs.length)
  );
};
const fmt = (m, s) => `${m.toFixed(4)} ± ${Number.isNaN(s) ? '—' : s.toFixed(4)}`;

console.log(`AutoML, ${SECONDS} s per system and data set; load average at start ${load()}`);
const results = [];
for (const [name, target, baseline, baselineText] of picked) {
  const csv = join(datasets, `${name}.csv`);
  const table = parseDataset(readFileSync(csv), { format: 'csv' });
  const seed = 0;
  const loadBefore = load();
  const started = Date.now();
  const result = await runAutoMl(table, { target, seed, timeBudgetSeconds: SECONDS });
  const assaySeconds = (Date.now() - started) / 1000;
  const best = result.leaderboard[result.bestTrial];
  // The run's folds, rebuilt as it built them (the same plan, target codes and seed).
  const prepared = prepareTarget(table, target, result.task);
  const splits = makeSplits(result.validation, prepared.y, seed);
  const job = {
    csv,
    target,
    task: result.task,
    metric: result.metric,
    rows: Array.from(prepared.rows),
    classes: result.classes,
    folds: splits.map((s) => Array.from(s.test)),
    seconds: SECONDS,
  };
  const lgbm = reference('automl_lgbm_optuna.py', job);
  const hgb = reference('automl_hgb.py', job);
  const families = {};
  for (const t of result.leaderboard) families[t.family] = (families[t.family] ?? 0) + 1;
  const row = {
    name,
    rows: job.rows.length,
    metric: result.metric,
    folds: splits.length,
    load: { before: loadBefore, after: load() },
    assay: {
      mean: best.mean,
      se: se(best.foldScores),
      family: best.family,
      hyperparameters: best.hyperparameters,
      trials: result.leaderboard.length,
      families,
      seconds: assaySeconds,
      stoppedBy: result.stoppedBy,
      leaderboard: result.leaderboard.map((t) => ({
        family: t.family,
        status: t.status,
        mean: t.mean,
        ms: Math.round(t.durationMs),
        hp: t.hyperparameters,
      })),
    },
    lgbm: {
      mean: lgbm.scores.length ? mean(lgbm.scores) : Number.NaN,
      se: se(lgbm.scores, lgbm.holdoutSe),
      params: lgbm.params,
      trials: lgbm.trials,
      seconds: lgbm.seconds,
    },
    hgb: { mean: mean(hgb.scores), se: se(hgb.scores, hgb.holdoutSe), seconds: hgb.seconds },
    baseline,
    baselineText,
  };
  row.goal = row.assay.mean >= row.lgbm.mean - (Number.isNaN(row.lgbm.se) ? 0 : row.lgbm.se);
  results.push(row);
  console.log(
    `${name}: Assay ${fmt(row.assay.mean, row.assay.se)} (${best.family}, ${row.assay.trials} trials ${JSON.stringify(families)}, ${assaySeconds.toFixed(1)} s) · LightGBM+Optuna ${fmt(row.lgbm.mean, row.lgbm.se)} (${lgbm.trials} trials, ${lgbm.seconds.toFixed(1)} s) · HGB ${fmt(row.hgb.mean, row.hgb.se)} · load ${loadBefore} → ${row.load.after}`,
  );
  console.log(`  Assay best: ${JSON.stringify(best.hyperparameters)}`);
  console.log(`  Optuna best: ${JSON.stringify(lgbm.params)}`);
}

console.log(`\nAutoML, ${SECONDS} s budget per system; load average at the end ${load()}`);
console.log(
  '| data set | metric | folds | Assay AutoML (best family) | LightGBM + Optuna | sklearn HGB defaults | README baseline | Assay ≥ LGBM − SE | trials Assay / Optuna |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(
    `| ${r.name} | ${r.metric} | ${r.folds === 1 ? '10 % holdout' : r.folds} | ${fmt(r.assay.mean, r.assay.se)} (${r.assay.family}) | ${fmt(r.lgbm.mean, r.lgbm.se)} | ${fmt(r.hgb.mean, r.hgb.se)} | ${r.baselineText} | ${r.goal ? 'yes' : '**no**'} | ${r.assay.trials} / ${r.lgbm.trials} |`,
  );
}
if (args.out) writeFileSync(args.out, `${JSON.stringify(results, null, 2)}\n`);
