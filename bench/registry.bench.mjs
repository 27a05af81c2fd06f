#!/usr/bin/env node
import { rm } from 'node:fs/promises';
// @assay/registry on PostgreSQL: metric-logging throughput through the repository API versus raw
// `pg` multi-row INSERTs into an equivalent table (same columns, index and foreign key), in one
// run on one fresh database; then the read time of one metric's 100k-point history through the
// repository and through raw `pg` (the same rows, decoded row by row by the driver).
//
//   pnpm --filter @assay/registry build && node bench/run-all.mjs registry
//   node bench/registry.bench.mjs [--points 1000000] [--batch 10000] [--reads 5]
//
// TEST_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres) names the server; a
// database `assay_bench_…` is created on it and dropped at the end, even on failure.
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate, openRegistry } from '@assay/registry';

// `pg` is a dependency of @assay/registry (not of this package): load the registry's copy.
const pg = createRequire(fileURLToPath(import.meta.resolve('@assay/registry')))('pg');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const TOTAL = arg('points', 1_000_000);
const BATCH = arg('batch', 10_000);
const READS = arg('reads', 5);
const KEYS = 10; // m0 … m9: with 1M points, each metric has a 100k-point history
const HISTORY = Math.min(100_000, Math.ceil(TOTAL / KEYS));
const WRITE_GOAL = 0.5;
const READ_GOAL_MS = 100;

const admin = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const dbName = `assay_bench_${process.pid}_${Date.now().toString(36)}`;
const url = new URL(admin);
url.pathname = `/${dbName}`;
const databaseUrl = url.toString();
const dataDir = join(tmpdir(), dbName);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (n) => Math.round(n).toLocaleString('en-US');

/** The same points for both writers: 10 metrics interleaved, steps 0…, one timestamp. */
const now = new Date();
function pointsFor(start, n) {
  const points = new Array(n);
  for (let i = 0; i < n; i += 1) {
    const j = start + i;
    points[i] = {
      key: `m${j % KEYS}`,
      value: Math.sin(j),
      step: Math.floor(j / KEYS),
      timestamp: now,
    };
  }
  return points;
}

const adminClient = new pg.Client({ connectionString: admin });
await adminClient.connect();
await adminClient.query(`CREATE DATABASE "${dbName}"`);
let registry;
let client;
try {
  await migrate({ databaseUrl });
  registry = await openRegistry({ databaseUrl, dataDir });
  client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  // The raw writer's table: metric_points' columns, primary key, covering index and run foreign
  // key (what a hand-written schema for the same reads would have).
  await client.query(`CREATE TABLE raw_metric_points (
      id bigserial PRIMARY KEY,
      run_id uuid NOT NULL REFERENCES runs(id) ON DELETE RESTRICT ON UPDATE CASCADE,
      key text NOT NULL,
      step bigint NOT NULL DEFAULT 0,
      value double precision NOT NULL,
      "timestamp" timestamptz(3) NOT NULL)`);
  await client.query(
    'CREATE INDEX raw_metric_points_covering ON raw_metric_points (run_id, key, step, id, value, "timestamp")',
  );

  const project = await registry.projects.create({ name: 'bench' });
  const experiment = await registry.experiments.create({ projectId: project.id, name: 'bench' });
  const apiRun = await registry.runs.create({ experimentId: experiment.id });
  const rawRun = await registry.runs.create({ experimentId: experiment.id });

  // 1. Registry API: one logMetrics call per batch (validation, one statement inserting the rows
  //    from json_to_recordset and one packed chunk per key, audit row, one transaction).
  let t0 = performance.now();
  for (let start = 0; start < TOTAL; start += BATCH) {
    await registry.runs.logMetrics(apiRun.id, pointsFor(start, Math.min(BATCH, TOTAL - start)));
  }
  const apiSeconds = (performance.now() - t0) / 1000;

  // 2. Raw pg: multi-row INSERT … VALUES ($1,$2,…),(…) per batch (PostgreSQL allows 65 535
  //    parameters per statement, so a batch is split into statements of at most 13 107 rows).
  const perStatement = Math.floor(65_535 / 5);
  const statements = new Map();
  const statementFor = (rows) => {
    let sql = statements.get(rows);
    if (sql === undefined) {
      const tuples = [];
      for (let r = 0; r < rows; r += 1) {
        const o = r * 5;
        tuples.push(`($${o + 1}::uuid,$${o + 2},$${o + 3},$${o + 4},$${o + 5})`);
      }
      sql = `INSERT INTO raw_metric_points (run_id, key, step, value, "timestamp") VALUES ${tuples.join(',')}`;
      statements.set(rows, sql);
    }
    return sql;
  };
  t0 = performance.now();
  for (let start = 0; start < TOTAL; start += BATCH) {
    const points = pointsFor(start, Math.min(BATCH, TOTAL - start));
    for (let i = 0; i < points.length; i += perStatement) {
      const slice = points.slice(i, i + perStatement);
      const params = [];
      for (const p of slice) params.push(rawRun.id, p.key, p.step, p.value, p.timestamp);
      await client.query(statementFor(slice.length), params);
    }
  }
  const rawSeconds = (performance.now() - t0) / 1000;

  // 3. One metric's history (m0: HISTORY points), READS timed runs after one warm-up each: first
  //    as just written, then after VACUUM (what autovacuum soon does to an insert-only table: sets
  //    hint bits and the visibility map, so the covering index answers with an index-only scan).
  const timeIt = async (fn) => {
    await fn();
    const ms = [];
    let n = 0;
    for (let i = 0; i < READS; i += 1) {
      const t = performance.now();
      n = await fn();
      ms.push(performance.now() - t);
    }
    if (n !== HISTORY) throw new Error(`expected ${HISTORY} points per read, got ${n}`);
    return ms;
  };
  const readers = {
    registry: async () =>
      (await registry.runs.metricHistory(apiRun.id, 'm0', { limit: HISTORY })).items.length,
    rawRows: async () =>
      (
        await client.query(
          `SELECT step, value, "timestamp" FROM raw_metric_points
            WHERE run_id = $1 AND key = $2 ORDER BY step, id LIMIT $3`,
          [rawRun.id, 'm0', HISTORY],
        )
      ).rows.length,
    rawJson: async () => {
      const { rows } = await client.query(
        `SELECT coalesce(json_agg(json_build_array(step, value, "timestamp")), '[]')::text AS page
           FROM (SELECT id, step, value, "timestamp" FROM raw_metric_points
                  WHERE run_id = $1 AND key = $2 ORDER BY step, id LIMIT $3) AS p`,
        [rawRun.id, 'm0', HISTORY],
      );
      return JSON.parse(rows[0].page).length;
    },
  };
  const readAll = async () => ({
    registry: await timeIt(readers.registry),
    rawRows: await timeIt(readers.rawRows),
    rawJson: await timeIt(readers.rawJson),
  });
  await client.query('ANALYZE metric_points');
  await client.query('ANALYZE raw_metric_points');
  const fresh = await readAll();
  await client.query('VACUUM ANALYZE metric_points');
  await client.query('VACUUM ANALYZE raw_metric_points');
  const vacuumed = await readAll();

  const apiRate = TOTAL / apiSeconds;
  const rawRate = TOTAL / rawSeconds;
  const ratio = apiRate / rawRate;
  const readMs = median(vacuumed.registry);
  const [{ server_version: version }] = (await client.query('SHOW server_version')).rows;
  const load = (await import('node:os')).loadavg()[0].toFixed(1);
  console.log(`\n## @assay/registry on PostgreSQL ${version} (Node ${process.version})\n`);
  console.log(
    `${fmt(TOTAL)} metric points in batches of ${fmt(BATCH)}; history reads of ${fmt(HISTORY)} points of one metric, median of ${READS} runs; 1-min load average at the end: ${load}.\n`,
  );
  console.log('| measurement | registry API | raw `pg` | registry / raw | goal | met |');
  console.log('|---|---:|---:|---:|---|:-:|');
  console.log(
    `| write throughput (points/s) | ${fmt(apiRate)} | ${fmt(rawRate)} (multi-row INSERT) | ${(ratio * 100).toFixed(0)} % | ≥ ${WRITE_GOAL * 100} % of raw | ${ratio >= WRITE_GOAL ? 'yes' : 'no'} |`,
  );
  console.log(`| write time (s) | ${apiSeconds.toFixed(1)} | ${rawSeconds.toFixed(1)} | | | |`);
  const readRow = (label, r, goal) =>
    `| ${label} | ${median(r.registry).toFixed(0)} | ${median(r.rawRows).toFixed(0)} (rows) · ${median(r.rawJson).toFixed(0)} (json_agg) | | ${goal ? `< ${READ_GOAL_MS} ms` : ''} | ${goal ? (readMs < READ_GOAL_MS ? 'yes' : 'no') : ''} |`;
  console.log(readRow(`read ${fmt(HISTORY)}-point history, just written (ms)`, fresh, false));
  console.log(readRow(`read ${fmt(HISTORY)}-point history, after VACUUM (ms)`, vacuumed, true));
  const runs = (ms) => ms.map((m) => m.toFixed(0)).join(', ');
  for (const [phase, r] of [
    ['just written', fresh],
    ['after VACUUM', vacuumed],
  ]) {
    console.log(
      `\nread runs ${phase} (ms): registry ${runs(r.registry)}; raw rows ${runs(r.rawRows)}; raw json_agg ${runs(r.rawJson)}`,
    );
  }
} finally {
  await client?.end();
  await registry?.close();
  await adminClient.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await adminClient.end();
  await rm(dataDir, { recursive: true, force: true });
}
