#!/usr/bin/env node
// Metric-logging throughput on PostgreSQL: the registry API (batched) versus raw `pg` multi-row
// INSERTs into the same table, then the read time of one metric's 100k-point history.
//
//   node bench/metrics.mjs [--points 1000000] [--batch 5000]     (after `pnpm build`)
//   TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres by default; a scratch
//   database is created and dropped.
import pg from 'pg';
import { migrate, openRegistry } from '../dist/index.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const total = arg('points', 1_000_000);
const batch = arg('batch', 5_000);
const admin = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const dbName = `assay_bench_${process.pid}_${Date.now().toString(36)}`;
const url = new URL(admin);
url.pathname = `/${dbName}`;

const adminClient = new pg.Client({ connectionString: admin });
await adminClient.connect();
await adminClient.query(`CREATE DATABASE "${dbName}"`);
try {
  await migrate({ databaseUrl: url.toString() });
  const registry = await openRegistry({ databaseUrl: url.toString(), dataDir: `/tmp/${dbName}` });
  const project = await registry.projects.create({ name: 'bench' });
  const experiment = await registry.experiments.create({ projectId: project.id, name: 'bench' });
  const apiRun = await registry.runs.create({ experimentId: experiment.id });
  const rawRun = await registry.runs.create({ experimentId: experiment.id });
  const now = new Date();
  const pointsFor = (start, n) =>
    Array.from({ length: n }, (_, i) => ({
      key: `m${(start + i) % 10}`,
      value: Math.sin(start + i),
      step: start + i,
      timestamp: now,
    }));

  let t0 = performance.now();
  for (let start = 0; start < total; start += batch) {
    await registry.runs.logMetrics(apiRun.id, pointsFor(start, Math.min(batch, total - start)));
  }
  const apiSeconds = (performance.now() - t0) / 1000;

  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  t0 = performance.now();
  for (let start = 0; start < total; start += batch) {
    const points = pointsFor(start, Math.min(batch, total - start));
    const values = [];
    const params = [];
    for (const p of points) {
      const o = params.length;
      values.push(`($${o + 1}::uuid, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5})`);
      params.push(rawRun.id, p.key, p.step, p.value, p.timestamp);
    }
    // PostgreSQL allows 65535 parameters per statement: split the batch accordingly.
    const perStatement = Math.floor(65535 / 5);
    for (let i = 0; i < points.length; i += perStatement) {
      const slice = values.slice(i, i + perStatement);
      const sliceParams = params.slice(i * 5, (i + perStatement) * 5);
      const renumbered = slice.map((_, j) => {
        const o = j * 5;
        return `($${o + 1}::uuid, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5})`;
      });
      await client.query(
        `INSERT INTO metric_points (run_id, key, step, value, "timestamp") VALUES ${renumbered.join(',')}`,
        sliceParams,
      );
    }
  }
  const rawSeconds = (performance.now() - t0) / 1000;
  await client.end();

  // One metric with 100k points: m0 has total/10 points; read its first 100k.
  const reads = [];
  for (let i = 0; i < 5; i += 1) {
    t0 = performance.now();
    const page = await registry.runs.metricHistory(apiRun.id, 'm0', { limit: 100_000 });
    reads.push({ ms: performance.now() - t0, n: page.items.length });
  }
  await registry.close();
  const apiRate = total / apiSeconds;
  const rawRate = total / rawSeconds;
  console.log(
    JSON.stringify(
      {
        points: total,
        batch,
        registryPointsPerSecond: Math.round(apiRate),
        rawPgPointsPerSecond: Math.round(rawRate),
        ratio: Number((apiRate / rawRate).toFixed(2)),
        historyRead: reads.map((r) => `${r.n} points in ${r.ms.toFixed(0)} ms`),
      },
      null,
      2,
    ),
  );
} finally {
  await adminClient.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await adminClient.end();
}
