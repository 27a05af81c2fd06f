import pg from 'pg';
const admin = new pg.Client('postgresql://postgres@127.0.0.1:5432/postgres'); await admin.connect();
await admin.query('DROP DATABASE IF EXISTS probe_read3 WITH (FORCE)'); await admin.query('CREATE DATABASE probe_read3');
const c = new pg.Client('postgresql://postgres@127.0.0.1:5432/probe_read3'); await c.connect();
await c.query(`CREATE TABLE metric_points (id bigserial primary key, run_id uuid, key text, step bigint, value float8, "timestamp" timestamptz(3))`);
await c.query(`CREATE INDEX ON metric_points (run_id, key, step, id)`);
const run = '01a219b7-89dd-763a-9198-6f646f5602ca';
await c.query(`INSERT INTO metric_points (run_id, key, step, value, "timestamp") SELECT $1, 'loss', g, random(), now() FROM generate_series(0, 99999) g`, [run]);
await c.query('ANALYZE metric_points');
const variants = {
  jsonToChar: `SELECT coalesce(json_agg(json_build_array(p.id, p.step, p.value, to_char(p."timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY p.step, p.id), '[]')::text AS page FROM (SELECT id, step, value, "timestamp" FROM metric_points WHERE run_id = $1::uuid AND key = $2 ORDER BY step, id LIMIT 100001) AS p`,
  jsonEpoch: `SELECT coalesce(json_agg(json_build_array(p.id, p.step, p.value, (extract(epoch from p."timestamp")*1000)::int8) ORDER BY p.step, p.id), '[]')::text AS page FROM (SELECT id, step, value, "timestamp" FROM metric_points WHERE run_id = $1::uuid AND key = $2 ORDER BY step, id LIMIT 100001) AS p`,
  jsonNoOrder: `SELECT coalesce(json_agg(json_build_array(p.id, p.step, p.value, (extract(epoch from p."timestamp")*1000)::int8)), '[]')::text AS page FROM (SELECT id, step, value, "timestamp" FROM metric_points WHERE run_id = $1::uuid AND key = $2 ORDER BY step, id LIMIT 100001) AS p`,
  stringAgg: `SELECT string_agg(p.id || ',' || p.step || ',' || p.value || ',' || (extract(epoch from p."timestamp")*1000)::int8, ';') AS page FROM (SELECT id, step, value, "timestamp" FROM metric_points WHERE run_id = $1::uuid AND key = $2 ORDER BY step, id LIMIT 100001) AS p`,
};
const plain = `SELECT id, step, value, "timestamp" FROM metric_points WHERE run_id = $1::uuid AND key = $2 ORDER BY step, id LIMIT 100001`;
for (let i = 0; i < 4; i++) {
  let t = performance.now(); const r = await c.query({ text: plain, values: [run, 'loss'], rowMode: 'array', binary: true }); const q = performance.now() - t;
  t = performance.now(); const t2 = await c.query({ text: plain, values: [run, 'loss'], rowMode: 'array' }); const q2 = performance.now() - t;
  console.log('binary', Math.round(q), 'text', Math.round(q2), r.rows.length, r.rows[0], t2.rows[0]);
}
await c.end(); await admin.query('DROP DATABASE probe_read3 WITH (FORCE)'); await admin.end();
