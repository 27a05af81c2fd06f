#!/usr/bin/env node
// AutoML trials across BullMQ workers (issue 16, item 5): how many trials a run gets through in
// its budget with 1, 2, … trials in flight, through the real API and worker processes.
//   node bench/automl-workers.bench.mjs [--dataset fair] [--target had_affair] [--seconds 30]
//        [--parallel 1,2] [--workers 2] [--rounds 3]
// One API process (jobs on Redis) and `--workers` worker processes, each with one compute thread
// and one job at a time, on a fresh PostgreSQL database. For each `parallelTrials` in turn, one
// run per round on the same dataset, seed and budget (rounds alternate the order of the settings,
// so neither always runs on a cooler machine). Reported per setting: the median (min–max) of
// trials done, the seconds of trials done (the sum of their durations: the throughput, whatever
// sizes of trials the search chose), the best cross-validated score, the run's wall time, and the share of trials that
// ran as `automl-trial` jobs on other workers. parallelTrials 1 is the reference: the sequential
// search, in the search's own worker.
// Requires the API's build (`pnpm exec turbo run build`), the PostgreSQL of TEST_DATABASE_URL and
// the Redis of REDIS_URL (CI's defaults).
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { call, freshCluster, KEY, killAll, root, start } from './processes.mjs';

const { values: args } = parseArgs({
  options: {
    dataset: { type: 'string', default: 'fair' },
    target: { type: 'string', default: 'had_affair' },
    seconds: { type: 'string', default: '30' },
    parallel: { type: 'string', default: '1,2' },
    workers: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '3' },
  },
});
const SECONDS = Number(args.seconds);
const PARALLEL = args.parallel.split(',').map(Number);
const WORKERS = Number(args.workers);
const ROUNDS = Number(args.rounds);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const spread = (xs, digits) =>
  `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

async function runOnce(api, db, dataset, parallelTrials, round) {
  const t0 = performance.now();
  const { run, job } = await call(api, 'POST', '/v1/projects/default/automl-runs', {
    datasetId: dataset.id,
    target: args.target,
    budgetSeconds: SECONDS,
    seed: 1,
    parallelTrials,
    modelName: `bench-p${parallelTrials}-r${round}`,
  });
  let done;
  for (;;) {
    done = await call(api, 'GET', `/v1/projects/default/automl-runs/${run.id}`);
    if (['succeeded', 'failed', 'cancelled'].includes(done.status)) break;
    await sleep(250);
  }
  const seconds = (performance.now() - t0) / 1000;
  if (done.status !== 'succeeded') {
    throw new Error(`run ${run.id} ended ${done.status}: ${JSON.stringify(done.error)}`);
  }
  const { rows } = await db.query(
    `SELECT count(*)::int AS n FROM jobs WHERE kind = 'automl-trial' AND input->>'parentJobId' = $1`,
    [job.id],
  );
  const trials = done.leaderboard.length;
  return {
    trials,
    // seconds of trials done (their fits and scoring): the search's throughput, whatever sizes
    // of trials it chose
    trialSeconds: done.leaderboard.reduce((a, t) => a + t.durationMs, 0) / 1000,
    best: done.bestTrial.mean,
    family: done.bestTrial.family,
    seconds,
    elsewhere: trials === 0 ? 0 : rows[0].n / trials,
  };
}

async function main() {
  const { db, env, drop } = await freshCluster('automl_bench');
  const common = { ...env, ASSAY_JOB_CONCURRENCY: '1' };
  const results = Object.fromEntries(PARALLEL.map((p) => [p, []]));
  try {
    const { seen } = await start(
      'apps/api/dist/main.js',
      { ...common, PORT: '0', ASSAY_ADMIN_KEY: KEY },
      'ASSAY_API_URL',
    );
    const api = seen.ASSAY_API_URL;
    for (let w = 0; w < WORKERS; w += 1) {
      await start('apps/api/dist/worker.js', common, 'ASSAY_WORKER');
    }
    const csv = readFileSync(join(root, 'fixtures/datasets', `${args.dataset}.csv`));
    const dataset = await call(
      api,
      'POST',
      `/v1/projects/default/datasets?format=csv&name=${args.dataset}`,
      csv,
      'application/octet-stream',
    );
    for (let round = 0; round < ROUNDS; round += 1) {
      const order = round % 2 === 0 ? PARALLEL : [...PARALLEL].reverse();
      for (const p of order) {
        const load = loadavg()[0];
        const r = await runOnce(api, db, dataset, p, round);
        results[p].push({ ...r, load });
        console.error(
          `round ${round + 1}, parallelTrials ${p}: ${r.trials} trials (${r.trialSeconds.toFixed(1)} s of trials), best ${r.best.toFixed(4)} (${r.family}), ${r.seconds.toFixed(1)} s, ${(100 * r.elsewhere).toFixed(0)} % elsewhere, load ${load.toFixed(1)}`,
        );
      }
    }
  } finally {
    killAll();
    await drop();
  }
  console.log(
    `\nAutoML on ${args.dataset} (target ${args.target}), ${SECONDS} s budget, ${WORKERS} workers (1 compute thread, 1 job each), ${ROUNDS} rounds: median (min–max)\n`,
  );
  console.log(
    '| parallelTrials | trials | seconds of trials | best CV score | wall time (s) | trials on other workers | load |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const p of PARALLEL) {
    const rs = results[p];
    console.log(
      `| ${p} | ${spread(
        rs.map((r) => r.trials),
        0,
      )} | ${spread(
        rs.map((r) => r.trialSeconds),
        1,
      )} | ${spread(
        rs.map((r) => r.best),
        4,
      )} | ${spread(
        rs.map((r) => r.seconds),
        1,
      )} | ${spread(
        rs.map((r) => 100 * r.elsewhere),
        0,
      )} % | ${spread(
        rs.map((r) => r.load),
        1,
      )} |`,
    );
  }
}

main().catch((error) => {
  killAll();
  console.error(error);
  process.exit(1);
});
