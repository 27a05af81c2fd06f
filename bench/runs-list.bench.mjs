#!/usr/bin/env node
// The runs page of an experiment with 50,000 runs (issue 17: under 500 ms server-side): the
// registry's runs listing, newest first and sorted / filtered in the database, on PostgreSQL and
// on the embedded database (PGlite). The runs are inserted with one SQL statement (creating them
// one call at a time would measure the inserts, not the listing); each listing is timed `--reads`
// times after one warm-up call, and the median and the spread (min–max) are printed.
//
//   pnpm --filter @assay/registry build && node bench/runs-list.bench.mjs [--runs 50000] [--reads 5]
//
// TEST_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres) names the server; a
// database `assay_bench_…` is created on it and dropped at the end, even on failure.
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate, openRegistry } from '@assay/registry';

const requireFromRegistry = createRequire(fileURLToPath(import.meta.resolve('@assay/registry')));
const pg = requireFromRegistry('pg');
const { PGlite } = await import(
  requireFromRegistry.resolve('@electric-sql/pglite').replace(/index\.cjs$/, 'index.js')
);

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('runs', 50_000);
const READS = arg('reads', 5);
const GOAL_MS = 500;

// 50,000 runs: lr in (0, 1), depth 1–10, a team tag, a quarter finished.
const INSERT = `INSERT INTO runs (id, experiment_id, name, status, params, tags, started_at)
  SELECT gen_random_uuid(), $1::uuid, 'run-' || g,
         (CASE WHEN g % 4 = 0 THEN 'finished' ELSE 'running' END)::"RunStatus",
         jsonb_build_object('lr', (g * 7919 % 100000) / 100000.0, 'depth', g % 10 + 1, 'seed', g),
         jsonb_build_object('team', CASE WHEN g % 3 = 0 THEN 'ops' ELSE 'ml' END),
         now() - make_interval(secs => g)
    FROM generate_series(1, $2::int) AS g`;

const CASES = [
  ['newest first', {}],
  ['sorted by params.lr (descending)', { sort: '-params.lr' }],
  [
    'filtered depth=3 and team=ml, by name',
    { params: { depth: 3 }, tags: { team: 'ml' }, sort: 'name' },
  ],
  ['finished, sorted by startedAt', { status: 'finished', sort: 'startedAt' }],
];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function measure(label, registry, experimentId) {
  console.log(`\n${label}: ${RUNS.toLocaleString('en-US')} runs in one experiment, pages of 50`);
  for (const [name, options] of CASES) {
    await registry.runs.list(experimentId, { limit: 50 }, options);
    const times = [];
    for (let i = 0; i < READS; i += 1) {
      const t0 = performance.now();
      const page = await registry.runs.list(experimentId, { limit: 50 }, options);
      times.push(performance.now() - t0);
      if (page.items.length === 0) throw new Error(`${name}: empty page`);
    }
    const m = median(times);
    console.log(
      `  ${name.padEnd(40)} median ${m.toFixed(1)} ms (${Math.min(...times).toFixed(1)}–${Math.max(...times).toFixed(1)}) ${m < GOAL_MS ? 'ok' : `OVER ${GOAL_MS} ms`}`,
    );
  }
}

// PostgreSQL.
const admin = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const dbName = `assay_bench_${process.pid}_${Date.now().toString(36)}`;
const url = new URL(admin);
url.pathname = `/${dbName}`;
const adminClient = new pg.Client({ connectionString: admin });
await adminClient.connect();
await adminClient.query(`CREATE DATABASE "${dbName}"`);
const dataDir = await mkdtemp(join(tmpdir(), 'assay-runs-bench-'));
try {
  await migrate({ databaseUrl: url.toString() });
  const registry = await openRegistry({ databaseUrl: url.toString(), dataDir });
  const project = await registry.projects.create({ name: 'bench' });
  const experiment = await registry.experiments.create({ projectId: project.id, name: 'sweep' });
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await client.query(INSERT, [experiment.id, RUNS]);
  await client.query('ANALYZE runs');
  await client.end();
  await measure('PostgreSQL', registry, experiment.id);
  await registry.close();
} finally {
  await adminClient.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await adminClient.end();
}

// Embedded (PGlite): created by the registry, filled directly while the registry is closed.
try {
  let registry = await openRegistry({ dataDir });
  const project = await registry.projects.create({ name: 'bench' });
  const experiment = await registry.experiments.create({ projectId: project.id, name: 'sweep' });
  await registry.close();
  const db = await PGlite.create(join(dataDir, 'pglite'));
  await db.query(INSERT, [experiment.id, RUNS]);
  await db.query('ANALYZE runs');
  await db.close();
  registry = await openRegistry({ dataDir });
  await measure('Embedded (PGlite)', registry, experiment.id);
  await registry.close();
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
