#!/usr/bin/env node
// A/B tests (issue 14), side by side in one run:
//   (a) assignment: Assay's POST …/ab-tests/{id}/assignments (auth, validation, the cached test,
//       the core's GrowthBook hash, the first exposure recorded by one statement) at saturation,
//       beside a bare node:http server doing the same hash (the core's createAssigner) and the
//       same INSERT … ON CONFLICT statement through `pg` into the same table, and beside a bare
//       server that only hashes (no database: the ceiling). One new unit per request.
//   (b) outcome ingest into PostgreSQL, 10,000 events per batch: `registry.abTests.appendEvents`
//       (INSERT … SELECT FROM unnest of typed arrays sent as array literals, with the batch key, one
//       statement), raw `pg` running the same unnest INSERT without the key (literals, and arrays
//       bound by pg), raw `pg` with the prediction log's
//       json_to_recordset form, and the API's POST …/events (HTTP, JSON validation included).
// Each of BENCH_RUNS runs (default 3) measures everything; medians and spread (min–max) are
// printed. Requires the PostgreSQL server of TEST_DATABASE_URL
// (default postgresql://postgres@127.0.0.1:5432/postgres) and a build (`pnpm exec turbo run build`).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { migrate, openRegistry } from '@assay/registry';
import autocannon from 'autocannon';
import pg from 'pg';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const INGEST_EVENTS = Number(process.env.BENCH_INGEST_EVENTS ?? 200_000);
const BATCH = 10_000;
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

function startProcess(args, env, readyLine) {
  const child = spawn(process.execPath, args, {
    cwd: here,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const seen = {};
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = line.match(/^([A-Z_]+)=(.*)$/);
      if (m) seen[m[1]] = m[2];
      if (m?.[1] === readyLine) setTimeout(() => resolve({ child, seen }), 100);
    });
  });
}

// The registry's assignment statement (packages/registry/src/ab-tests/assign-units.ts), verbatim.
const ASSIGN = `WITH t AS (
    SELECT status FROM ab_tests WHERE id = $1::uuid
  ), input AS (
    SELECT u.unit_id, u.variant, u.ord
      FROM unnest($2::text[], $3::int[]) WITH ORDINALITY AS u(unit_id, variant, ord)
  ), ins AS (
    INSERT INTO ab_exposures (ab_test_id, unit_id, variant, "at")
    SELECT $1::uuid, i.unit_id, i.variant, now() FROM input i
     WHERE i.variant >= 0 AND EXISTS (SELECT 1 FROM t WHERE t.status = 'running')
    ON CONFLICT DO NOTHING
    RETURNING unit_id, variant
  )
  SELECT i.unit_id, COALESCE(x.variant, ins.variant, i.variant) AS variant,
         (ins.unit_id IS NOT NULL) AS first, (SELECT status::text FROM t) AS status
    FROM input i
    LEFT JOIN ab_exposures x ON x.ab_test_id = $1::uuid AND x.unit_id = i.unit_id
    LEFT JOIN ins ON ins.unit_id = i.unit_id
   ORDER BY i.ord`;

// A bare node:http server: reads {units}, hashes each with the core's assigner and (unless
// HASH_ONLY) records first exposures with the registry's statement through a pg pool of 10 (as
// Prisma's pg adapter), answering the same JSON shape.
const BARE_SERVER = `
import http from 'node:http';
import { createAssigner } from '@assay/core/abtest';
import pg from 'pg';
const assign = createAssigner({ salt: process.env.SALT, weights: [0.5, 0.5] });
const pool = process.env.HASH_ONLY ? null : new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const SQL = ${JSON.stringify(ASSIGN)};
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    const { units } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const variants = units.map((u) => assign(u).variant);
    let assignments = units.map((unitId, i) => ({ unitId, variant: variants[i], first: true }));
    if (pool) {
      const { rows } = await pool.query(SQL, [process.env.AB_TEST, units, variants]);
      assignments = rows.map((r) => ({ unitId: r.unit_id, variant: r.variant, first: r.first }));
    }
    const payload = JSON.stringify({ abTest: process.env.AB_TEST, status: 'running', assignments });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
    res.end(payload);
  });
});
server.listen(0, '127.0.0.1', () => console.log('BARE_URL=http://127.0.0.1:' + server.address().port));
`;

async function cannon(opts) {
  const result = await autocannon({ duration: DURATION, connections: 16, ...opts });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${opts.url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  }
  return result;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const summary = (xs, digits = 0) =>
  `${median(xs).toLocaleString('en', { maximumFractionDigits: digits })} (${Math.min(...xs).toLocaleString('en', { maximumFractionDigits: digits })}–${Math.max(...xs).toLocaleString('en', { maximumFractionDigits: digits })})`;

const database = `assay_bench_${randomBytes(5).toString('hex')}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${database}`);
const dbUrl = new URL(adminUrl);
dbUrl.pathname = `/${database}`;
await migrate({ databaseUrl: dbUrl.toString() });
const dataDir = await mkdtemp(join(tmpdir(), 'assay-bench-'));

const api = await startProcess(
  [join(root, 'apps/api/dist/main.js')],
  {
    DATABASE_URL: dbUrl.toString(),
    ASSAY_DATA_DIR: dataDir,
    PORT: '0',
    ASSAY_RATE_LIMIT_RPS: '0',
    ASSAY_LOG_LEVEL: 'warn',
  },
  'ASSAY_API_URL',
);
const apiUrl = api.seen.ASSAY_API_URL;
const headers = {
  'content-type': 'application/json',
  authorization: `Bearer ${api.seen.ASSAY_FIRST_API_KEY}`,
};
const call = async (path, method, body, contentType = 'application/json', extra = {}) => {
  const res = await fetch(`${apiUrl}/v1/projects/default${path}`, {
    method,
    headers: { ...headers, 'content-type': contentType, ...extra },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
};
const children = [api.child];
const assignRuns = [];
const ingestRuns = [];
try {
  await call('/models', 'POST', { name: 'bench' });
  for (const intercept of [0.1, 0.2]) {
    const spec = { type: 'logistic', coef: [0.3, -0.2], intercept, classes: ['no', 'yes'] };
    await call(
      '/models/bench/versions?format=json',
      'POST',
      JSON.stringify(spec),
      'application/octet-stream',
    );
  }
  const test = await call('/ab-tests', 'POST', {
    model: 'bench',
    name: 'bench',
    variants: [
      { name: 'control', version: 1, weight: 1 },
      { name: 'treatment', version: 2, weight: 1 },
    ],
    metrics: [
      { name: 'converted', kind: 'proportion', event: 'purchase' },
      { name: 'revenue', kind: 'mean', event: 'revenue' },
    ],
    start: true,
  });
  const env = { DATABASE_URL: dbUrl.toString(), SALT: test.salt, AB_TEST: test.id };
  const bare = await startProcess(['--input-type=module', '-e', BARE_SERVER], env, 'BARE_URL');
  const hashOnly = await startProcess(
    ['--input-type=module', '-e', BARE_SERVER],
    { ...env, HASH_ONLY: '1' },
    'BARE_URL',
  );
  children.push(bare.child, hashOnly.child);

  // One new unit per request: every request records a first exposure.
  let counter = 0;
  const target = (url, prefix) => ({
    url,
    method: 'POST',
    headers,
    requests: [
      {
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify({ units: [`${prefix}-${counter++}`] }),
        }),
      },
    ],
  });
  const servers = {
    api: target(`${apiUrl}/v1/projects/default/ab-tests/${test.id}/assignments`, 'api'),
    bare: target(`${bare.seen.BARE_URL}/`, 'bare'),
    hashOnly: target(`${hashOnly.seen.BARE_URL}/`, 'hash'),
  };
  for (let run = 1; run <= RUNS; run += 1) {
    const row = {};
    for (const [name, opts] of Object.entries(servers)) {
      await cannon({ ...opts, duration: 2 });
      row[name] = (await cannon(opts)).requests.average;
    }
    row.ratio = row.api / row.bare;
    console.log(`assignment run ${run}:`, JSON.stringify(row));
    assignRuns.push(row);
  }

  // (b) Ingest.
  const registry = await openRegistry({ databaseUrl: dbUrl.toString(), dataDir });
  const pool = new pg.Pool({ connectionString: dbUrl.toString(), max: 1 });
  pool.on('error', () => {}); // the database is dropped at the end
  let s = 11;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const makeBatch = (offset) =>
    Array.from({ length: BATCH }, (_, i) => ({
      unitId: `api-${(offset + i) % 50_000}`,
      event: rnd() < 0.5 ? 'purchase' : 'revenue',
      value: Math.round(rnd() * 10_000) / 100,
      at: new Date(1_796_000_000_000 + offset + i).toISOString(),
      pre: rnd() < 0.5 ? Math.round(rnd() * 100) / 10 : null,
    }));
  const columns = (events) => [
    events.map((e) => e.unitId),
    events.map((e) => e.event),
    events.map((e) => e.value),
    events.map((e) => Date.parse(e.at)),
    events.map((e) => e.pre),
  ];
  const UNNEST = `INSERT INTO ab_events (ab_test_id, unit_id, event, value, "at", pre)
    SELECT $1::uuid, e.u, e.n, e.v, to_timestamp(e.t / 1000.0), e.p
      FROM unnest($2::text[], $3::text[], $4::float8[], $5::float8[], $6::float8[]) AS e(u, n, v, t, p)`;
  const JSONSET = `INSERT INTO ab_events (ab_test_id, unit_id, event, value, "at", pre)
    SELECT $1::uuid, e.u, e.n, e.v, e.t, e.p
      FROM json_to_recordset($2::json) AS e(u text, n text, v float8, t timestamptz, p float8)`;
  // The registry's encoding: each column as one array literal (text).
  const literal = (xs) =>
    `{${xs.map((x) => (x === null ? 'NULL' : typeof x === 'string' ? `"${x.replace(/["\\]/g, '\\$&')}"` : String(x))).join(',')}}`;
  const writers = {
    registry: (events, k) => registry.abTests.appendEvents(test.id, `reg-${k}`, events),
    rawUnnest: (events) => pool.query(UNNEST, [test.id, ...columns(events).map(literal)]),
    rawUnnestArrays: (events) => pool.query(UNNEST, [test.id, ...columns(events)]),
    rawJson: (events) =>
      pool.query(JSONSET, [
        test.id,
        JSON.stringify(
          events.map((e) => ({ u: e.unitId, n: e.event, v: e.value, t: e.at, p: e.pre })),
        ),
      ]),
    api: (events, k) =>
      call(`/ab-tests/${test.id}/events`, 'POST', { events }, 'application/json', {
        'idempotency-key': `api-${k}`,
      }),
  };
  let key = 0;
  for (let run = 1; run <= RUNS; run += 1) {
    const row = {};
    for (const [name, write] of Object.entries(writers)) {
      let elapsed = 0;
      for (let done = 0; done < INGEST_EVENTS; done += BATCH) {
        const events = makeBatch(done);
        key += 1;
        const t0 = performance.now();
        await write(events, `${run}-${key}`);
        elapsed += performance.now() - t0;
      }
      row[name] = INGEST_EVENTS / (elapsed / 1000);
    }
    console.log(`ingest run ${run}:`, JSON.stringify(row));
    ingestRuns.push(row);
  }
  // A retried batch: stored once.
  const batch = makeBatch(0);
  const once = await registry.abTests.appendEvents(test.id, 'retry-check', batch);
  const again = await registry.abTests.appendEvents(test.id, 'retry-check', batch);
  console.log('retried batch:', JSON.stringify({ once, again }));
  await pool.end();
  await registry.close();

  console.log(
    `\n1-min load average at the end: ${(await import('node:os')).loadavg()[0].toFixed(1)}`,
  );
  console.log(
    `\n| (a) ${RUNS} runs, median (min–max); one new unit per request, ${DURATION} s, 16 connections | requests/s |\n|---|---|`,
  );
  console.log(
    `| Assay POST …/ab-tests/{id}/assignments | ${summary(assignRuns.map((r) => r.api))} |`,
  );
  console.log(
    `| bare node:http, same hash + same INSERT through pg | ${summary(assignRuns.map((r) => r.bare))} |`,
  );
  console.log(
    `| bare node:http, hash only (no database) | ${summary(assignRuns.map((r) => r.hashOnly))} |`,
  );
  console.log(
    `| Assay / bare (same work) | ${summary(assignRuns.map((r) => r.ratio * 100))} % (target ≥ 50 %) |`,
  );
  console.log(
    `\n| (b) ingest, ${INGEST_EVENTS.toLocaleString('en')} events in batches of ${BATCH.toLocaleString('en')}, PostgreSQL, events/s, median (min–max) | events/s |\n|---|---|`,
  );
  console.log(
    `| registry.abTests.appendEvents (unnest of array literals + batch key, one statement) | ${summary(ingestRuns.map((r) => r.registry))} |`,
  );
  console.log(
    `| raw pg, the same unnest INSERT (no key), the same array literals | ${summary(ingestRuns.map((r) => r.rawUnnest))} |`,
  );
  console.log(
    `| raw pg, the same unnest INSERT, JavaScript arrays bound by pg | ${summary(ingestRuns.map((r) => r.rawUnnestArrays))} |`,
  );
  console.log(
    `| raw pg, json_to_recordset INSERT (the prediction log's form) | ${summary(ingestRuns.map((r) => r.rawJson))} |`,
  );
  console.log(
    `| API POST …/ab-tests/{id}/events (HTTP + validation + registry) | ${summary(ingestRuns.map((r) => r.api))} |`,
  );
  console.log('(target ≥ 100,000 events/s)');
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  for (const child of children) child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 1500));
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
  await rm(dataDir, { recursive: true, force: true });
}
