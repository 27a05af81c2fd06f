#!/usr/bin/env node
// Run comparison in the portal (issue 17: 20 runs × 100,000 points each render in under 1 s):
// the built API and portal are started, 20 runs of 100,000 points of one metric are logged, and
// the comparison page of all 20 is fetched once cold (printed alone), then `--reads` times warm;
// the time to the full HTML (read through the API, LTTB to 600 points a series, server-rendered
// SVG) is printed as its median and spread (min–max), with the page's size.
//
//   pnpm exec turbo run build && node bench/compare-runs.bench.mjs [--runs 20] [--points 100000] [--reads 5] [--postgres]
//
// With --postgres the API runs on a fresh database on TEST_DATABASE_URL's server (default
// postgresql://postgres@127.0.0.1:5432/postgres), dropped at the end; else on the embedded one.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { migrate } from '@assay/registry';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('runs', 20);
const POINTS = arg('points', 100_000);
const READS = arg('reads', 5);
const GOAL_MS = 1000;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const dataDir = await mkdtemp(join(tmpdir(), 'assay-compare-bench-'));
const children = [];
const POSTGRES = process.argv.includes('--postgres');
const admin = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const dbName = `assay_bench_${process.pid}_${Date.now().toString(36)}`;
const dbUrl = new URL(admin);
dbUrl.pathname = `/${dbName}`;
const pg = createRequire(fileURLToPath(import.meta.resolve('@assay/registry')))('pg');
const adminClient = POSTGRES ? new pg.Client({ connectionString: admin }) : null;
if (adminClient) {
  await adminClient.connect();
  await adminClient.query(`CREATE DATABASE "${dbName}"`);
  await migrate({ databaseUrl: dbUrl.toString() });
}
console.log(`database: ${POSTGRES ? 'PostgreSQL' : 'embedded (PGlite)'}`);
try {
  const api = spawn(process.execPath, [join(root, 'apps/api/dist/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      ASSAY_DATA_DIR: dataDir,
      ...(POSTGRES ? { DATABASE_URL: dbUrl.toString() } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(api);
  const { url: apiUrl, key } = await new Promise((resolve, reject) => {
    let key;
    api.on('exit', (code) => reject(new Error(`API exited with ${code}`)));
    createInterface({ input: api.stdout }).on('line', (line) => {
      const k = /^ASSAY_FIRST_API_KEY=(.+)$/.exec(line);
      if (k) key = k[1];
      const m = /^ASSAY_API_URL=(.+)$/.exec(line);
      if (m) setTimeout(() => resolve({ url: m[1], key }), 200);
    });
  });
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const call = async (path, body) => {
    const res = await fetch(`${apiUrl}${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  await call('/v1/projects/default/experiments', { name: 'sweep' });
  const ids = [];
  const t0 = performance.now();
  for (let r = 0; r < RUNS; r += 1) {
    const run = await call('/v1/projects/default/experiments/sweep/runs', {
      name: `run-${r}`,
      params: { lr: (r + 1) / 100, depth: 3 },
    });
    ids.push(run.id);
    for (let start = 0; start < POINTS; start += 10_000) {
      const points = Array.from({ length: Math.min(10_000, POINTS - start) }, (_, i) => {
        const step = start + i;
        return {
          key: 'train/loss',
          value: Math.exp(-step / (5000 * (r + 1))) + 0.01 * Math.sin(step),
          step,
        };
      });
      await call(`/v1/runs/${run.id}/metrics`, { points });
    }
  }
  console.log(
    `logged ${RUNS} runs × ${POINTS.toLocaleString('en-US')} points in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const port = await freePort();
  const webDir = join(root, 'apps/web');
  const web = spawn(
    process.execPath,
    [
      join(webDir, 'node_modules/next/dist/bin/next'),
      'start',
      '-p',
      String(port),
      '-H',
      '127.0.0.1',
    ],
    {
      cwd: webDir,
      env: { ...process.env, ASSAY_API_URL: apiUrl, NEXT_TELEMETRY_DISABLED: '1' },
      stdio: 'ignore',
    },
  );
  children.push(web);
  const webUrl = `http://127.0.0.1:${port}`;
  for (;;) {
    try {
      if ((await fetch(`${webUrl}/login`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const page = `${webUrl}/experiments/sweep/compare?${new URLSearchParams(ids.map((id) => ['run', id]))}`;
  const cookie = `assay_api_key=${key}`;
  const get = async () => {
    const t = performance.now();
    const res = await fetch(page, { headers: { cookie } });
    const html = await res.text();
    if (!res.ok || !html.includes('data-series')) throw new Error(`compare page: ${res.status}`);
    return {
      ms: performance.now() - t,
      bytes: html.length,
      paths: html.split('data-series=').length - 1,
    };
  };
  // The first view reads every history (2,000,000 points); the API then remembers each
  // downsample while its history is unchanged, so the views after it are the warm figure.
  const cold = await get();
  console.log(`first view (cold): ${cold.ms.toFixed(0)} ms`);
  const reads = [];
  for (let i = 0; i < READS; i += 1) reads.push(await get());
  const times = reads.map((r) => r.ms);
  const m = median(times);
  console.log(
    `compare page (warm), ${RUNS} runs × ${POINTS.toLocaleString('en-US')} points: median ${m.toFixed(0)} ms (${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)}), ` +
      `${reads[0].paths} series, ${(reads[0].bytes / 1024).toFixed(0)} KiB of HTML ${m < GOAL_MS ? 'ok' : `OVER ${GOAL_MS} ms`}`,
  );
} finally {
  for (const child of children) child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 1000));
  await rm(dataDir, { recursive: true, force: true });
  if (adminClient) {
    await adminClient.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await adminClient.end();
  }
}
