#!/usr/bin/env node
// The compute pool (GitHub issue 11), side by side in one run: the same API build started twice
// on one PostgreSQL database, once with the pool (its default size: the cores but one) and once
// without (ASSAY_COMPUTE_THREADS=0: every computation on the event loop, as before the pool).
// Each of BENCH_RUNS runs (default 3) measures, on each server in turn (alternating which first):
//   0. GET /healthz at 20 req/s with nothing else running: the machine's own latency noise;
//   1. small metric calls: POST /v1/metrics/accuracy on 4 labels at saturation (req/s) — they stay
//      on the event loop with the pool, so their throughput must not change (goal: within 10 %);
//   2. GET /healthz at 20 req/s (an open loop: sent on time whether or not answered) while 4 connections keep CPU-heavy requests coming (TER on two
//      200-token segment pairs, about 2 s each on one core), saturating the pool: its p99
//      (goal with the pool: < 50 ms).
// It prints each run and the medians with their spread (min–max). Requires the PostgreSQL server
// of TEST_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { migrate } from '@assay/registry';
import autocannon from 'autocannon';
import pg from 'pg';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const KEY = `assay_${randomBytes(32).toString('base64url')}`;

/** `n` words drawn from 12 with a seeded generator (unrelated texts: the costliest for TER). */
function words(n, seed) {
  let s = seed + 1;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return `w${s % 12}`;
  }).join(' ');
}

const smallBody = JSON.stringify({ input: { yTrue: [1, 0, 1, 1], yPred: [1, 0, 0, 1] } });
const heavyBody = JSON.stringify({
  input: {
    hypotheses: [words(200, 1), words(200, 3)],
    references: [[words(200, 2)], [words(200, 4)]],
  },
});

function startApi(env) {
  const child = spawn(process.execPath, [join(root, 'apps/api/dist/main.js')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`the API exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = line.match(/^ASSAY_API_URL=(.*)$/);
      if (m) setTimeout(() => resolve({ child, url: m[1] }), 100);
    });
  });
}

const headers = { 'content-type': 'application/json', authorization: `Bearer ${KEY}` };

async function waitIdle(url) {
  // The server without the pool may still be computing queued heavy requests.
  for (;;) {
    const t = performance.now();
    await fetch(`${url}/healthz`);
    if (performance.now() - t < 20) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * GET `url` at `rate` per second for `seconds`, each request sent on time whether or not the
 * earlier ones were answered (an open loop: a stalled server cannot slow the probe down and hide
 * its stall), then waits for every answer. Latencies include the wait of requests answered late.
 */
async function probe(url, rate, seconds) {
  const latencies = [];
  const pending = [];
  const started = performance.now();
  let answeredInTime = 0;
  for (let i = 0; i < rate * seconds; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t = performance.now();
    pending.push(
      fetch(url).then(async (res) => {
        await res.arrayBuffer();
        const done = performance.now();
        latencies.push(done - t);
        if (done - started <= seconds * 1000) answeredInTime++;
      }),
    );
  }
  await Promise.all(pending);
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { p50: Math.round(at(0.5)), p99: Math.round(at(0.99)), answered: answeredInTime };
}

async function measure(url) {
  // The machine's own noise: /healthz with nothing else running.
  const idle = await probe(`${url}/healthz`, 20, DURATION);
  await autocannon({
    url: `${url}/v1/metrics/accuracy`,
    method: 'POST',
    headers,
    body: smallBody,
    connections: 16,
    duration: 2,
  });
  const small = await autocannon({
    url: `${url}/v1/metrics/accuracy`,
    method: 'POST',
    headers,
    body: smallBody,
    connections: 16,
    duration: DURATION,
  });
  if (small.non2xx > 0 || small.errors > 0) throw new Error(`accuracy: ${small.non2xx} non-2xx`);
  const heavy = autocannon({
    url: `${url}/v1/metrics/ter`,
    method: 'POST',
    headers,
    body: heavyBody,
    connections: 4,
    duration: DURATION + 2,
    timeout: 120,
  });
  await new Promise((r) => setTimeout(r, 1500));
  const health = await probe(`${url}/healthz`, 20, DURATION);
  const heavyRun = await heavy;
  await waitIdle(url);
  return {
    smallRps: small.requests.average,
    idleP99: idle.p99,
    healthP50: health.p50,
    healthP99: health.p99,
    healthAnswered: health.answered,
    heavy2xx: heavyRun['2xx'],
    heavyOther: heavyRun.non2xx,
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const summary = (xs, digits = 0) =>
  `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

const database = `assay_bench_${randomBytes(5).toString('hex')}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${database}`);
const dbUrl = new URL(adminUrl);
dbUrl.pathname = `/${database}`;
await migrate({ databaseUrl: dbUrl.toString() });
const dataDir = await mkdtemp(join(tmpdir(), 'assay-bench-'));
const common = {
  DATABASE_URL: dbUrl.toString(),
  ASSAY_DATA_DIR: dataDir,
  ASSAY_ADMIN_KEY: KEY,
  PORT: '0',
  ASSAY_RATE_LIMIT_RPS: '0',
  ASSAY_LOG_LEVEL: 'error',
};
const THREADS = Math.max(1, availableParallelism() - 1); // the API's default
const pooled = await startApi({ ...common, ASSAY_COMPUTE_THREADS: String(THREADS) });
const inline = await startApi({ ...common, ASSAY_COMPUTE_THREADS: '0' });

try {
  const results = { pool: [], inline: [] };
  for (let run = 1; run <= RUNS; run++) {
    // Alternate which server goes first, so that drift in the machine's load favours neither.
    const order = [
      ['inline', inline],
      ['pool', pooled],
    ];
    if (run % 2 === 0) order.reverse();
    for (const [name, server] of order) {
      const r = await measure(server.url);
      results[name].push(r);
      console.log(
        `run ${run} ${name}: accuracy ${r.smallRps.toFixed(0)} req/s; /healthz idle p99 ${r.idleP99} ms; under load p50 ${r.healthP50} ms, p99 ${r.healthP99} ms (${r.healthAnswered} answered); TER 2xx ${r.heavy2xx}, other ${r.heavyOther}`,
      );
    }
  }
  const col = (name, field, digits) =>
    summary(
      results[name].map((r) => r[field]),
      digits,
    );
  console.log(
    `\n| ${RUNS} runs, median (min–max) | pool off (ASSAY_COMPUTE_THREADS=0) | pool on (${THREADS} threads, the default) |\n|---|---|---|`,
  );
  console.log(
    `| POST /v1/metrics/accuracy, 4 labels, 16 connections (req/s) | ${col('inline', 'smallRps')} | ${col('pool', 'smallRps')} |`,
  );
  console.log(
    `| GET /healthz p99 (ms) while TER requests saturate the compute | ${col('inline', 'healthP99')} | ${col('pool', 'healthP99')} |`,
  );
  console.log(
    `| GET /healthz p99 (ms) with nothing else running (the machine's noise) | ${col('inline', 'idleP99')} | ${col('pool', 'idleP99')} |`,
  );
  console.log(
    `| GET /healthz p50 (ms) while TER requests saturate the compute | ${col('inline', 'healthP50')} | ${col('pool', 'healthP50')} |`,
  );
  console.log(
    `| /healthz answered within the ${DURATION} s (of ${20 * DURATION} sent) | ${col('inline', 'healthAnswered')} | ${col('pool', 'healthAnswered')} |`,
  );
  console.log(
    `| TER requests answered 2xx / other | ${col('inline', 'heavy2xx')} / ${col('inline', 'heavyOther')} | ${col('pool', 'heavy2xx')} / ${col('pool', 'heavyOther')} |`,
  );
  const ratio =
    median(results.pool.map((r) => r.smallRps)) / median(results.inline.map((r) => r.smallRps));
  console.log(
    `\nsmall metric throughput, pool / no pool: ${(ratio * 100).toFixed(1)} % (goal: 90–110 %); /healthz p99 with the pool: ${median(results.pool.map((r) => r.healthP99))} ms (goal < 50 ms)`,
  );
} finally {
  pooled.child.kill('SIGTERM');
  inline.child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 1500));
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
  await rm(dataDir, { recursive: true, force: true });
}
