#!/usr/bin/env node
// RL evaluation runs (issue 15), side by side in one run:
//   (a) reward ingest into PostgreSQL, 10,000 rewards per batch: `registry.rlRuns.appendRewards`
//       (the batch key and the rewards in one statement, unnest of typed arrays sent as literals,
//       in a transaction) beside raw `pg` running the same unnest INSERT without the key, with
//       and without ON CONFLICT DO NOTHING;
//   (b) the report's reduction: `registry.rlRuns.episodeReturns` (Σ γ^step · reward per episode
//       in SQL) on the run's steps, then the core's `episodeCurves` (summaries, regret, LTTB);
//   (c) the comparison of two agents: the core's `compareReturns` (Welch, Mann–Whitney and the
//       SciPy-exact bootstrap, 1,000 resamples) beside SciPy 1.10 (Debian's python3) doing the
//       same three calls on the same returns.
// Each of BENCH_RUNS runs (default 3) measures everything; medians and spread (min–max) are
// printed. Requires the PostgreSQL server of TEST_DATABASE_URL
// (default postgresql://postgres@127.0.0.1:5432/postgres) and a build (`pnpm exec turbo run build`).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareReturns, episodeCurves } from '@assay/core';
import { migrate, openRegistry } from '@assay/registry';
import pg from 'pg';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const STEPS = Number(process.env.BENCH_RL_STEPS ?? 200_000);
const EPISODE_STEPS = 200;
const BATCH = 10_000;
const EPISODES_COMPARED = Number(process.env.BENCH_RL_EPISODES ?? 2_000);
const PYTHON = process.env.ASSAY_PYTHON ?? '/usr/bin/python3';
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const summary = (xs, digits = 0) =>
  `${median(xs).toLocaleString('en', { maximumFractionDigits: digits })} (${Math.min(...xs).toLocaleString('en', { maximumFractionDigits: digits })}–${Math.max(...xs).toLocaleString('en', { maximumFractionDigits: digits })})`;

let seed = 7;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const rewardsFrom = (offset) =>
  Array.from({ length: BATCH }, (_, i) => {
    const t = offset + i;
    return {
      episode: Math.floor(t / EPISODE_STEPS),
      step: t % EPISODE_STEPS,
      reward: Math.round(rnd() * 1000) / 1000,
      optimal: 1,
    };
  });

const database = `assay_bench_${randomBytes(5).toString('hex')}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${database}`);
const dbUrl = new URL(adminUrl);
dbUrl.pathname = `/${database}`;
await migrate({ databaseUrl: dbUrl.toString() });
const dataDir = await mkdtemp(join(tmpdir(), 'assay-bench-'));
const registry = await openRegistry({ databaseUrl: dbUrl.toString(), dataDir });
const pool = new pg.Pool({ connectionString: dbUrl.toString(), max: 1 });
pool.on('error', () => {}); // the database is dropped at the end

const RAW = `INSERT INTO rl_rewards (run_id, episode, step, reward, optimal)
  SELECT $1::uuid, e.ep, e.st, e.rw, e.op
    FROM unnest($2::int[], $3::int[], $4::float8[], $5::float8[]) AS e(ep, st, rw, op)`;

try {
  const project = await registry.projects.create({ name: 'bench' });
  const ingest = { assay: [], rawPg: [], rawPgOnConflict: [] };
  const report = { sql: [], curves: [] };
  const compare = { assay: [], scipy: [] };
  for (let run = 1; run <= RUNS; run++) {
    const a = await registry.rlRuns.create({
      projectId: project.id,
      name: `assay-${run}`,
      agentName: 'bench',
      environment: 'bench',
    });
    const raw = await registry.rlRuns.create({
      projectId: project.id,
      name: `raw-${run}`,
      agentName: 'bench',
      environment: 'bench',
    });
    const rawSkip = await registry.rlRuns.create({
      projectId: project.id,
      name: `raw-skip-${run}`,
      agentName: 'bench',
      environment: 'bench',
    });
    const batches = Array.from({ length: STEPS / BATCH }, (_, b) => rewardsFrom(b * BATCH));
    let t = performance.now();
    for (const [b, batch] of batches.entries())
      await registry.rlRuns.appendRewards(a.id, `k-${b}`, batch);
    ingest.assay.push(STEPS / ((performance.now() - t) / 1000));
    t = performance.now();
    for (const batch of batches) {
      await pool.query(RAW, [
        raw.id,
        `{${batch.map((r) => r.episode).join(',')}}`,
        `{${batch.map((r) => r.step).join(',')}}`,
        `{${batch.map((r) => r.reward).join(',')}}`,
        `{${batch.map((r) => r.optimal).join(',')}}`,
      ]);
    }
    ingest.rawPg.push(STEPS / ((performance.now() - t) / 1000));
    t = performance.now();
    for (const batch of batches) {
      await pool.query(`${RAW} ON CONFLICT DO NOTHING`, [
        rawSkip.id,
        `{${batch.map((r) => r.episode).join(',')}}`,
        `{${batch.map((r) => r.step).join(',')}}`,
        `{${batch.map((r) => r.reward).join(',')}}`,
        `{${batch.map((r) => r.optimal).join(',')}}`,
      ]);
    }
    ingest.rawPgOnConflict.push(STEPS / ((performance.now() - t) / 1000));

    t = performance.now();
    const episodes = await registry.rlRuns.episodeReturns(project.id, a.id, { gamma: 0.99 });
    report.sql.push(performance.now() - t);
    t = performance.now();
    episodeCurves(episodes, { maxPoints: 500 });
    report.curves.push(performance.now() - t);

    const xa = Array.from({ length: EPISODES_COMPARED }, () => 100 + rnd() * 50);
    const xb = Array.from({ length: EPISODES_COMPARED }, () => 95 + rnd() * 60);
    t = performance.now();
    compareReturns(xa, xb, { nResamples: 1000, seed: 0 });
    compare.assay.push(performance.now() - t);
    const py = spawnSync(
      PYTHON,
      [
        '-c',
        `import json, sys, time
import numpy as np
from scipy import stats
a, b = json.load(sys.stdin)
a = np.asarray(a); b = np.asarray(b)
t = time.perf_counter()
stats.ttest_ind(a, b, equal_var=False)
stats.mannwhitneyu(a, b)
stats.bootstrap((a, b), lambda x, y, axis: np.mean(x, axis=axis) - np.mean(y, axis=axis), paired=False,
                vectorized=True, method="percentile", n_resamples=1000, random_state=np.random.default_rng(0))
print((time.perf_counter() - t) * 1000)`,
      ],
      { input: JSON.stringify([xa, xb]), encoding: 'utf8' },
    );
    if (py.status !== 0) throw new Error(`SciPy failed: ${py.stderr}`);
    compare.scipy.push(Number(py.stdout.trim()));
    console.log(
      `run ${run}: ingest ${Math.round(ingest.assay.at(-1))} vs ${Math.round(ingest.rawPg.at(-1))} rewards/s; report ${report.sql.at(-1).toFixed(0)} + ${report.curves.at(-1).toFixed(1)} ms; compare ${compare.assay.at(-1).toFixed(0)} vs ${compare.scipy.at(-1).toFixed(0)} ms`,
    );
  }
  console.log(`\nRL runs: medians (min–max) of ${RUNS} runs`);
  console.log(
    `(a) ingest, ${STEPS.toLocaleString('en')} rewards in batches of ${BATCH.toLocaleString('en')}: registry.rlRuns.appendRewards ${summary(ingest.assay)} rewards/s; raw pg, same INSERT without the key ${summary(ingest.rawPg)} rewards/s, with ON CONFLICT DO NOTHING ${summary(ingest.rawPgOnConflict)} rewards/s`,
  );
  console.log(
    `(b) report of ${(STEPS / EPISODE_STEPS).toLocaleString('en')} episodes × ${EPISODE_STEPS} steps: episodeReturns (SQL) ${summary(report.sql)} ms, episodeCurves ${summary(report.curves, 1)} ms`,
  );
  console.log(
    `(c) compare ${EPISODES_COMPARED.toLocaleString('en')} vs ${EPISODES_COMPARED.toLocaleString('en')} episodes, 1,000 resamples: compareReturns ${summary(compare.assay)} ms; SciPy ${summary(compare.scipy)} ms`,
  );
} finally {
  await registry.close();
  await pool.end();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
  await rm(dataDir, { recursive: true, force: true });
}
