#!/usr/bin/env node
// AutoML (issue 16): Assay's runAutoMl on the fixture data sets, with a time budget per data set
// (BENCH_AUTOML_SECONDS, default 60), beside scikit-learn's HistGradientBoosting with default
// settings on the same rows, the same folds and the same metric (reference/automl_hgb.py, Debian
// python3-sklearn 1.2.1). Prints, per data set: the metric, the folds, Assay's best trial (family,
// CV mean ± standard error, trials run, wall time) and HGB's CV mean ± standard error.
// BENCH_AUTOML_DATASETS picks data sets (comma-separated names, default all). Needs a build.
//
// Not compared: LightGBM tuned by Optuna, which the issue names as the reference. Both are on
// this machine's local pip index (the toolchain notes beside the repository); a virtual environment for them
// is future work.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDataset } from '@assay/core';
import { makeSplits, prepareTarget, runAutoMl } from '@assay/core/automl';

const here = dirname(fileURLToPath(import.meta.url));
const datasets = join(here, '..', 'fixtures', 'datasets');
const SECONDS = Number(process.env.BENCH_AUTOML_SECONDS ?? 60);
const ALL = [
  ['iris', 'species'],
  ['wine', 'cultivar'],
  ['breast_cancer', 'diagnosis'],
  ['diabetes', 'progression'],
  ['digits', 'digit'],
  ['fair', 'had_affair'],
  ['randhie', 'mdvis'],
];
const wanted = (process.env.BENCH_AUTOML_DATASETS ?? '').split(',').filter(Boolean);
const picked = ALL.filter(([name]) => wanted.length === 0 || wanted.includes(name));

const meanSe = (xs) => {
  const m = xs.reduce((a, v) => a + v, 0) / xs.length;
  if (xs.length < 2) return `${m.toFixed(4)} (one holdout)`;
  const sd = Math.sqrt(xs.reduce((a, v) => a + (v - m) ** 2, 0) / Math.max(1, xs.length - 1));
  return `${m.toFixed(4)} ± ${(sd / Math.sqrt(xs.length)).toFixed(4)}`;
};

console.log(
  `AutoML, ${SECONDS} s per data set; load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
);
console.log(
  '| data set | metric | folds | Assay best (family) | Assay CV mean ± SE | trials | time (s) | sklearn HGB defaults CV mean ± SE |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const [name, target] of picked) {
  const csv = join(datasets, `${name}.csv`);
  const table = parseDataset(readFileSync(csv), { format: 'csv' });
  const seed = 0;
  const started = Date.now();
  const result = await runAutoMl(table, { target, seed, timeBudgetSeconds: SECONDS });
  const seconds = (Date.now() - started) / 1000;
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
  };
  const py = spawnSync('/usr/bin/python3', [join(here, 'reference', 'automl_hgb.py')], {
    input: JSON.stringify(job),
    encoding: 'utf8',
    // One thread, as Assay's run: OpenMP threads would only contend on a shared machine.
    env: { ...process.env, OMP_NUM_THREADS: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (py.status !== 0) throw new Error(`automl_hgb.py failed on ${name}: ${py.stderr}`);
  const hgb = JSON.parse(py.stdout).scores;
  console.log(
    `| ${name} | ${result.metric} | ${splits.length} | ${best.family} ${JSON.stringify(best.hyperparameters)} | ${meanSe(best.foldScores)} | ${result.leaderboard.length} | ${seconds.toFixed(1)} | ${meanSe(hgb)} |`,
  );
}
