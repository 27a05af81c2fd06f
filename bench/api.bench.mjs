#!/usr/bin/env node
// API throughput, side by side in one run (issue 6):
//   1. a bare node:http server that reads the same request body, parses it and answers the
//      same JSON — the ceiling for any Node HTTP service on this machine;
//   2. Assay's POST /v1/metrics/accuracy with 1,000 rows (auth, validation, core, problem
//      handling, logging, metrics all included) at saturation, and its p99 latency at half the
//      saturating rate;
//   3. batched metric logging (10,000 points per request) into PostgreSQL through the API.
// Servers run in their own processes; autocannon runs here. Requires the PostgreSQL server of
// TEST_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { migrate } from '@assay/registry';
import autocannon from 'autocannon';
import pg from 'pg';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** Seeded data: 1,000 binary labels with ~80 % agreement. */
function accuracyBody() {
  let s = 42;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const yTrue = Array.from({ length: 1000 }, () => (rnd() < 0.5 ? 0 : 1));
  const yPred = yTrue.map((y) => (rnd() < 0.8 ? y : 1 - y));
  return JSON.stringify({ input: { yTrue, yPred } });
}

function startProcess(args, env, readyLine) {
  const child = spawn(process.execPath, args, {
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

const BARE_SERVER = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const n = body.input.yTrue.length;
    const payload = JSON.stringify({ value: n > 0 ? 0.8 : 0 });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
    res.end(payload);
  });
});
server.listen(0, '127.0.0.1', () => console.log('BARE_URL=http://127.0.0.1:' + server.address().port));
`;

async function cannon(opts) {
  const result = await autocannon({ duration: DURATION, connections: 16, ...opts });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${opts.url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  }
  return result;
}

const database = `assay_bench_${randomBytes(5).toString('hex')}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${database}`);
const dbUrl = new URL(adminUrl);
dbUrl.pathname = `/${database}`;
await migrate({ databaseUrl: dbUrl.toString() });
const dataDir = await mkdtemp(join(tmpdir(), 'assay-bench-'));

const bare = await startProcess(['-e', BARE_SERVER], {}, 'BARE_URL');
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
const key = api.seen.ASSAY_FIRST_API_KEY;
const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
const body = accuracyBody();

try {
  const check = await fetch(`${apiUrl}/v1/metrics/accuracy`, { method: 'POST', headers, body });
  console.log('accuracy of the generated data:', await check.json());

  // Warm-up, then saturation, each server alone.
  await cannon({ url: `${bare.seen.BARE_URL}/`, method: 'POST', body, headers, duration: 2 });
  const bareRun = await cannon({ url: `${bare.seen.BARE_URL}/`, method: 'POST', body, headers });
  await cannon({
    url: `${apiUrl}/v1/metrics/accuracy`,
    method: 'POST',
    body,
    headers,
    duration: 2,
  });
  const apiRun = await cannon({
    url: `${apiUrl}/v1/metrics/accuracy`,
    method: 'POST',
    body,
    headers,
  });
  const halfRate = Math.max(1, Math.floor(apiRun.requests.average / 2));
  const halfRun = await cannon({
    url: `${apiUrl}/v1/metrics/accuracy`,
    method: 'POST',
    body,
    headers,
    overallRate: halfRate,
  });

  // Batched logging into PostgreSQL: 10,000 points per request.
  await fetch(`${apiUrl}/v1/projects/default/experiments`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: 'bench' }),
  });
  const run = await (
    await fetch(`${apiUrl}/v1/projects/default/experiments/bench/runs`, {
      method: 'POST',
      headers,
      body: '{}',
    })
  ).json();
  const points = Array.from({ length: 10_000 }, (_, step) => ({
    key: `loss/${step % 10}`,
    value: 1 / (step + 1),
    step,
  }));
  const logBody = JSON.stringify({ points });
  const logRun = await cannon({
    url: `${apiUrl}/v1/runs/${run.id}/metrics`,
    method: 'POST',
    body: logBody,
    headers,
    connections: 4,
  });
  const pointsPerSecond = (logRun.requests.total * 10_000) / DURATION;

  const rows = [
    [
      'bare node:http, same body and JSON',
      `${bareRun.requests.average.toFixed(0)} req/s`,
      `p99 ${bareRun.latency.p99} ms`,
    ],
    [
      'POST /v1/metrics/accuracy (1,000 rows)',
      `${apiRun.requests.average.toFixed(0)} req/s`,
      `p99 ${apiRun.latency.p99} ms`,
    ],
    [
      `… at half that rate (${halfRate} req/s)`,
      `${halfRun.requests.average.toFixed(0)} req/s`,
      `p99 ${halfRun.latency.p99} ms (goal < 20 ms)`,
    ],
    [
      'POST /v1/runs/{id}/metrics (10,000 points, PostgreSQL)',
      `${pointsPerSecond.toFixed(0)} points/s`,
      `p99 ${logRun.latency.p99} ms (goal ≥ 100,000 points/s)`,
    ],
  ];
  console.log(
    `\n| measure (${DURATION} s each, autocannon) | throughput | latency |\n|---|---|---|`,
  );
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  const ratio = apiRun.requests.average / bareRun.requests.average;
  console.log(`\nmetric route / bare server: ${(ratio * 100).toFixed(1)} % (goal ≥ 50 %)`);
} finally {
  api.child.kill('SIGTERM');
  bare.child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 1500));
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
  await rm(dataDir, { recursive: true, force: true });
}
