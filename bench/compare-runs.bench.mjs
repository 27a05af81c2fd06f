#!/usr/bin/env node
// Run comparison in the portal (issue 17: 20 runs × 100,000 points each render in under 1 s),
// measured cold: 20 runs of 100,000 points of one metric are logged once through the built API;
// then, `--rounds` times, with the API (and the portal) started afresh each round (no process
// holds anything of an earlier read; PostgreSQL's own buffers are the server's and stay):
//
//   1. api: the requests the comparison page makes, through HTTP, on an API process started just
//      before (the experiment, the 20 runs and, at once, every run's histories downsampled to 600
//      points in one request), as the page issues them; then the same again on that process (its
//      code warm: what is left is the reads), and the requests the page made before the batch
//      route (each run's metric keys, then one request per key) on that process, for comparison;
//   2. page: the comparison page's full HTML (the same requests, then the server-rendered SVG),
//      on an API and a portal started just before (the portal warmed by its login page only);
//   3. first view: the same page on an API and a portal started afresh and warmed by a comparison
//      of two other runs (their code warm, these runs never read by either: nothing about them
//      is held by a process; the API holds nothing between requests anyway).
//
// Each is printed as the median of the rounds and their spread (min–max), with the 1-min load
// average; then `--reads` warm page views (the same processes again) for reference.
//
//   pnpm exec turbo run build && node bench/compare-runs.bench.mjs [--runs 20] [--points 100000] [--rounds 3] [--reads 3] [--postgres]
//
// With --postgres the API runs on a fresh database on TEST_DATABASE_URL's server (default
// postgresql://postgres@127.0.0.1:5432/postgres), dropped at the end; else on the embedded one.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
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
const ROUNDS = arg('rounds', 3);
const READS = arg('reads', 3);
const DRAWN_POINTS = 600; // what the page asks for (apps/web/app/experiments/[name]/compare)
const GOAL_MS = 1000;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const summary = (xs) =>
  `median ${median(xs).toFixed(0)} ms (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}; ${xs.map((x) => x.toFixed(0)).join(', ')})`;
const load = () => loadavg()[0].toFixed(1);
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const dataDir = await mkdtemp(join(tmpdir(), 'assay-compare-bench-'));
const children = new Set();
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

const stop = async (child) => {
  if (!children.delete(child) || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
};

/** Starts the built API; resolves with its URL (and the first key, printed on the first start). */
const startApi = async () => {
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
  children.add(api);
  const started = await new Promise((resolve, reject) => {
    let key;
    api.on('exit', (code) => reject(new Error(`API exited with ${code}`)));
    createInterface({ input: api.stdout }).on('line', (line) => {
      const k = /^ASSAY_FIRST_API_KEY=(.+)$/.exec(line);
      if (k) key = k[1];
      const m = /^ASSAY_API_URL=(.+)$/.exec(line);
      // The first key, when one is made, is printed around the URL: wait for it a moment.
      if (m) setTimeout(() => resolve({ url: m[1], key }), 200);
    });
  });
  return { process: api, ...started };
};

/** Starts the built portal on the API; resolves once its login page answers. */
const startWeb = async (apiUrl) => {
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
  children.add(web);
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    try {
      if ((await fetch(`${url}/login`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { process: web, url };
};

try {
  let api = await startApi();
  const key = api.key;
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const call = async (base, path, body) => {
    const res = await fetch(`${base}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  await call(api.url, '/v1/projects/default/experiments', { name: 'sweep' });
  const ids = [];
  const t0 = performance.now();
  for (let r = 0; r < RUNS; r += 1) {
    const run = await call(api.url, '/v1/projects/default/experiments/sweep/runs', {
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
      await call(api.url, `/v1/runs/${run.id}/metrics`, { points });
    }
  }
  const logSeconds = (performance.now() - t0) / 1000;
  // Another experiment, to warm a portal's comparison page on runs other than the measured ones.
  await call(api.url, '/v1/projects/default/experiments', { name: 'other' });
  const otherIds = [];
  for (let r = 0; r < 2; r += 1) {
    const run = await call(api.url, '/v1/projects/default/experiments/other/runs', {});
    otherIds.push(run.id);
    const points = Array.from({ length: 10_000 }, (_, step) => ({
      key: 'train/loss',
      value: 1 / (step + 1),
      step,
    }));
    await call(api.url, `/v1/runs/${run.id}/metrics`, { points });
  }
  console.log(
    `logged ${RUNS} runs × ${POINTS.toLocaleString('en-US')} points in ${logSeconds.toFixed(1)} s ` +
      `(${Math.round((RUNS * POINTS) / logSeconds).toLocaleString('en-US')} points/s through HTTP, load ${load()})`,
  );
  await stop(api.process);

  /**
   * What the comparison page asks the API for, issued as the page issues it: the experiment, then
   * the runs and, at once, every run's histories downsampled in one request.
   */
  const pageRequests = async (base) => {
    await call(base, '/v1/projects/default/experiments/sweep');
    const [, batch] = await Promise.all([
      Promise.all(ids.map((id) => call(base, `/v1/runs/${id}`))),
      call(base, `/v1/runs/metrics/downsampled?runs=${ids.join(',')}&maxPoints=${DRAWN_POINTS}`),
    ]);
    return batch.items.flatMap((r) => r.metrics).reduce((n, m) => n + m.points.length, 0);
  };

  /** The same data as the page asked for it before the batch route: per run, then per key. */
  const perRunRequests = async (base) => {
    await call(base, '/v1/projects/default/experiments/sweep');
    const runs = await Promise.all(ids.map((id) => call(base, `/v1/runs/${id}`)));
    const series = await Promise.all(
      runs.map(async (run) => {
        const keys = await call(base, `/v1/runs/${run.id}/metric-keys`);
        return Promise.all(
          keys.items.map((k) =>
            call(
              base,
              `/v1/runs/${run.id}/metrics?key=${encodeURIComponent(k.key)}&maxPoints=${DRAWN_POINTS}`,
            ),
          ),
        );
      }),
    );
    return series.flat().reduce((n, page) => n + page.items.length, 0);
  };

  const cookie = `assay_api_key=${key}`;
  const query = new URLSearchParams(ids.map((id) => ['run', id]));
  const view = async (webUrl, experiment = 'sweep', runs = query) => {
    const t = performance.now();
    const res = await fetch(`${webUrl}/experiments/${experiment}/compare?${runs}`, {
      headers: { cookie },
    });
    const html = await res.text();
    if (!res.ok || !html.includes('data-series')) throw new Error(`compare page: ${res.status}`);
    return {
      ms: performance.now() - t,
      bytes: html.length,
      paths: html.split('data-series=').length - 1,
    };
  };

  const apiTimes = [];
  const apiWarmTimes = [];
  const perRunWarmTimes = [];
  const pageTimes = [];
  const firstViewTimes = [];
  const loads = [];
  let warm = [];
  let page;
  for (let round = 0; round < ROUNDS; round += 1) {
    api = await startApi();
    let t = performance.now();
    const drawn = await pageRequests(api.url);
    apiTimes.push(performance.now() - t);
    // The same requests again on the same process: what is left once its code is warm.
    t = performance.now();
    await pageRequests(api.url);
    apiWarmTimes.push(performance.now() - t);
    // The requests the page made before (one per run and key), on the same warm process.
    t = performance.now();
    const perRunDrawn = await perRunRequests(api.url);
    perRunWarmTimes.push(performance.now() - t);
    if (perRunDrawn !== drawn) throw new Error(`${perRunDrawn} points per run, ${drawn} in one`);
    await stop(api.process);

    api = await startApi();
    let web = await startWeb(api.url);
    page = await view(web.url);
    pageTimes.push(page.ms);
    loads.push(load());
    console.log(
      `round ${round + 1}: api ${apiTimes.at(-1).toFixed(0)} ms (${drawn} points drawn; again ${apiWarmTimes.at(-1).toFixed(0)} ms, per run and key ${perRunWarmTimes.at(-1).toFixed(0)} ms), page ${page.ms.toFixed(0)} ms, load ${loads.at(-1)}`,
    );
    await stop(web.process);
    await stop(api.process);

    // 3. Both processes warm (the portal has drawn a comparison of two other runs through the
    //    same API), these runs never read by either: the first view of a comparison on a portal
    //    that is already up.
    api = await startApi();
    web = await startWeb(api.url);
    await view(web.url, 'other', new URLSearchParams(otherIds.map((id) => ['run', id])));
    page = await view(web.url);
    firstViewTimes.push(page.ms);
    console.log(
      `round ${round + 1}: first view on warm processes ${page.ms.toFixed(0)} ms, load ${load()}`,
    );
    if (round === ROUNDS - 1) {
      warm = [];
      for (let i = 0; i < READS; i += 1) {
        t = performance.now();
        await view(web.url);
        warm.push(performance.now() - t);
      }
    }
    await stop(web.process);
    await stop(api.process);
  }
  const verdict = (xs) => (median(xs) < GOAL_MS ? 'ok' : `OVER ${GOAL_MS} ms`);
  console.log(
    `cold, ${RUNS} runs × ${POINTS.toLocaleString('en-US')} points, ${ROUNDS} rounds (processes restarted each), 1-min load ${loads.join(', ')}:`,
  );
  console.log(`  api requests of the page: ${summary(apiTimes)} ${verdict(apiTimes)}`);
  console.log(`  the same again on the same API process: ${summary(apiWarmTimes)}`);
  console.log(
    `  the page's requests before (one per run and key), on that process: ${summary(perRunWarmTimes)}`,
  );
  console.log(
    `  page (full HTML, ${page.paths} series, ${(page.bytes / 1024).toFixed(0)} KiB): ${summary(pageTimes)} ${verdict(pageTimes)}`,
  );
  console.log(
    `  page, first view of these runs on an API and portal already warm: ${summary(firstViewTimes)} ${verdict(firstViewTimes)}`,
  );
  if (warm.length > 0) console.log(`  warm page views after the last round: ${summary(warm)}`);
} finally {
  await Promise.all([...children].map((c) => stop(c)));
  await rm(dataDir, { recursive: true, force: true });
  if (adminClient) {
    await adminClient.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await adminClient.end();
  }
}
