import pg from 'pg';
import { migrate } from '../dist/index.js';
import { openRegistryWithContext } from '../dist/open-registry-with-context.js';
const admin = new pg.Client('postgresql://postgres@127.0.0.1:5432/postgres'); await admin.connect();
await admin.query('DROP DATABASE IF EXISTS probe_read2 WITH (FORCE)'); await admin.query('CREATE DATABASE probe_read2');
const url = 'postgresql://postgres@127.0.0.1:5432/probe_read2';
await migrate({ databaseUrl: url });
const { registry: r, ctx } = await openRegistryWithContext({ databaseUrl: url, dataDir: '/tmp/probe_read2' });
const p = await r.projects.create({ name: 'p' }); const e = await r.experiments.create({ projectId: p.id, name: 'e' }); const run = await r.runs.create({ experimentId: e.id });
const c = new pg.Client(url); await c.connect();
await c.query(`INSERT INTO metric_points (run_id, key, step, value, "timestamp") SELECT $1::uuid, 'loss', g, random(), now() FROM generate_series(0, 99999) g`, [run.id]);
await c.query('ANALYZE metric_points');
const sql = `SELECT id, step, value, "timestamp" FROM metric_points WHERE run_id = $1::uuid AND key = $2 ORDER BY step, id LIMIT 100001`;
for (let i = 0; i < 3; i++) {
  let t = performance.now(); const a = await r.runs.metricHistory(run.id, 'loss', { limit: 100000 }); const api = performance.now() - t;
  t = performance.now(); const b = await c.query({ text: sql, values: [run.id, 'loss'], rowMode: 'array' }); const raw = performance.now() - t;
  t = performance.now(); const ex = await c.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, [run.id, 'loss']); const server = ex.rows[0]['QUERY PLAN'][0]['Execution Time'];
  console.log({ api: Math.round(api), rawPg: Math.round(raw), serverMs: Math.round(server), n: [a.items.length, b.rows.length] });
}
await c.end(); await r.close(); await admin.query('DROP DATABASE probe_read2 WITH (FORCE)'); await admin.end();
