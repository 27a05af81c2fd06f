#!/usr/bin/env node
// Shadow tests on live traffic and the prediction log (issue 13, item 3), side by side in one run:
//   (a) the caller's p99 latency of POST …/predict through an alias at half of the saturating
//       rate, with no shadow test and with 100 % of the traffic mirrored to: a local candidate
//       version (same cost as the holder), a local version whose predictions throw, and a remote
//       (staging) endpoint that never answers — each with 0 caller errors required (autocannon
//       fails the run on any non-2xx or error);
//   (b) prediction-log ingest into PostgreSQL through `registry.predictionLogs.append` (what the
//       API's writer calls: COPY in a transaction that also adds the mirrored rows to their shadow
//       test's count), in batches of 1,000 and 5,000 rows, beside raw `pg` multi-row
//       INSERT … VALUES of the same rows into the same table. The rows are what 100 % shadowing
//       logs: per request, the holder's row and the candidate's (carrying a running test's id).
// Each of BENCH_RUNS runs (default 3) measures everything; the medians and their spread
// (min–max) are printed. BENCH_PARTS=ingest (or =latency) runs one part only. Requires the
// PostgreSQL server of TEST_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres).
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { migrate, openRegistry } from '@assay/registry';
import autocannon from 'autocannon';
import pg from 'pg';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const INGEST_ROWS = Number(process.env.BENCH_INGEST_ROWS ?? 200_000);
const PARTS = (process.env.BENCH_PARTS ?? 'latency,ingest').split(',');
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

const FEATURES = 8;
const spec = (coef) => ({ type: 'logistic', coef, intercept: 0.1, classes: ['no', 'yes'] });
const HOLDER = spec(Array.from({ length: FEATURES }, (_, i) => (i % 2 ? 0.3 : -0.2)));
const CANDIDATE = spec(Array.from({ length: FEATURES }, (_, i) => (i % 3 ? 0.25 : -0.2)));
// One coefficient more than the rows have: every prediction throws.
const THROWING = spec(Array.from({ length: FEATURES + 1 }, () => 0.1));

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

// CPU seconds the API process (all threads) and its main thread used so far (Linux /proc), so that
// each phase's CPU per request can be compared: far less sensitive to other work on the machine
// than a p99.
function apiCpu(pid) {
  const ticks = (path) => {
    try {
      const f = readFileSync(path, 'utf8').split(') ')[1].split(' ');
      return (Number(f[11]) + Number(f[12])) / 100;
    } catch {
      return Number.NaN;
    }
  };
  return { all: ticks(`/proc/${pid}/stat`), main: ticks(`/proc/${pid}/task/${pid}/stat`) };
}

async function cannon(opts) {
  const result = await autocannon({ duration: DURATION, connections: 16, ...opts });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    const statuses = Object.entries(result.statusCodeStats ?? {})
      .map(([code, { count }]) => `${code}: ${count}`)
      .join(', ');
    throw new Error(
      `${opts.url}: ${result.non2xx} non-2xx answers (${statuses}), ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  return result;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const summary = (xs, digits = 0) =>
  `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

// A KServe v2 endpoint that never answers: the staging candidate that hangs.
const hanging = createServer(() => {});
await new Promise((resolve) => hanging.listen(0, '127.0.0.1', resolve));
const hangUrl = `http://127.0.0.1:${hanging.address().port}`;

const database = `assay_bench_${randomBytes(5).toString('hex')}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${database}`);
const dbUrl = new URL(adminUrl);
dbUrl.pathname = `/${database}`;
await migrate({ databaseUrl: dbUrl.toString() });
const dataDir = await mkdtemp(join(tmpdir(), 'assay-bench-'));

const api = await startProcess(
  // BENCH_API: another build of the API to measure (e.g. a copy of the previous commit's dist/).
  [process.env.BENCH_API ?? join(root, 'apps/api/dist/main.js')],
  {
    DATABASE_URL: dbUrl.toString(),
    ASSAY_DATA_DIR: dataDir,
    PORT: '0',
    ASSAY_RATE_LIMIT_RPS: '0',
    ASSAY_LOG_LEVEL: 'warn',
    ASSAY_REMOTE_ALLOWED_HOSTS: '127.0.0.1',
    ASSAY_SHADOW_TIMEOUT_MS: '1000',
    // Room for autocannon's 16 connections in the compute queue (the default, 16, answers 503
    // at saturation once the queue is full, which this benchmark does not measure).
    ASSAY_COMPUTE_QUEUE: '64',
  },
  'ASSAY_API_URL',
);
const apiUrl = api.seen.ASSAY_API_URL;
const headers = {
  'content-type': 'application/json',
  authorization: `Bearer ${api.seen.ASSAY_FIRST_API_KEY}`,
};
const base = `${apiUrl}/v1/projects/default/models/bench`;
const call = async (path, method, body, contentType = 'application/json') => {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...headers, 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
};

let s = 7;
const rnd = () => {
  s = (s * 1103515245 + 12345) % 2147483648;
  return s / 2147483648;
};
// One row per request, as online traffic sends it.
const predictBody = JSON.stringify({
  alias: 'production',
  rows: [Array.from({ length: FEATURES }, () => Number((rnd() * 4 - 2).toFixed(3)))],
});

const results = [];
const ingest = [];
try {
  await fetch(`${apiUrl}/v1/projects/default/models`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: 'bench' }),
  });
  for (const v of [HOLDER, CANDIDATE, THROWING]) {
    await call('/versions?format=json', 'POST', JSON.stringify(v), 'application/octet-stream');
  }
  await call('/aliases/production', 'PUT', { version: 1 });
  const allCandidates = {
    'local candidate version': { version: 2 },
    'local version that throws': { version: 3 },
    'remote endpoint that never answers': {
      remote: { url: hangUrl, protocol: 'kserve-v2', modelName: 'hang', nFeatures: FEATURES },
    },
  };
  // BENCH_SHADOW=local,throws,remote picks the candidates (all by default): with one, each run
  // alternates no shadow and that candidate, so many short interleaved runs compare the two
  // under the same background load.
  const picked = (process.env.BENCH_SHADOW ?? 'local,throws,remote').split(',');
  const candidates = Object.fromEntries(
    Object.entries(allCandidates).filter(([name]) =>
      picked.some((p) => name.includes(p === 'local' ? 'candidate' : p)),
    ),
  );
  const predict = { url: `${base}/predict`, method: 'POST', body: predictBody, headers };

  for (let run = 1; run <= (PARTS.includes('latency') ? RUNS : 0); run += 1) {
    await cannon({ ...predict, duration: 2 });
    const saturated = await cannon(predict);
    const halfRate = Math.max(1, Math.floor(saturated.requests.average / 2));
    const row = { saturated: saturated.requests.average, halfRate, p99: {}, mirror: {} };
    // Each run starts with another phase (the first after saturation meets the backlog it left:
    // the prediction log's writer flushing, abandoned requests), and every phase after a pause.
    const phases = [null, ...Object.keys(candidates)];
    for (let k = 0; k < phases.length; k += 1) {
      const name = phases[(k + run - 1) % phases.length];
      await new Promise((r) => setTimeout(r, 3000));
      const cpuPerRequest = async (key, measure) => {
        const before = apiCpu(api.child.pid);
        const measured = await measure();
        const after = apiCpu(api.child.pid);
        row.cpuUs ??= {};
        row.cpuUs[key] = {
          all: Math.round(((after.all - before.all) / measured.requests.total) * 1e6),
          main: Math.round(((after.main - before.main) / measured.requests.total) * 1e6),
        };
        return measured;
      };
      if (name === null) {
        row.p99.none = (
          await cpuPerRequest('none', () => cannon({ ...predict, overallRate: halfRate }))
        ).latency.p99;
        continue;
      }
      const test = await call('/aliases/production/shadow-tests', 'POST', {
        candidate: candidates[name],
        sampleFraction: 1,
        maxRequests: 100_000_000,
      });
      const measured = await cpuPerRequest(name, () =>
        cannon({ ...predict, overallRate: halfRate }),
      );
      row.p99[name] = measured.latency.p99;
      await call(`/shadow-tests/${test.id}/stop`, 'POST', {});
      await new Promise((r) => setTimeout(r, 1500)); // the copies in flight end, the log flushes
      const report = await (
        await fetch(`${base}/shadow-tests/${test.id}/report`, { headers })
      ).json();
      row.mirror[name] = {
        callers: measured.requests.total,
        ...report.candidate,
        dropped: report.droppedByThisProcess,
        shadowP50: report.latencyMs.shadow.p50,
      };
    }
    row.load = (await import('node:os')).loadavg()[0];
    console.log(`run ${run}:`, JSON.stringify(row));
    results.push(row);
  }

  // (b) Prediction-log ingest, straight into PostgreSQL.
  const ingestTest = await call('/aliases/production/shadow-tests', 'POST', {
    candidate: { version: 2 },
    sampleFraction: 1,
    maxRequests: 1_000_000_000,
  });
  const registry = await openRegistry({ databaseUrl: dbUrl.toString(), dataDir });
  const project = await registry.projects.getByName('default');
  const model = await registry.models.get(project.id, 'bench');
  const version = await registry.versions.get(project.id, 'bench', 1);
  const hash = createHash('sha256').update(predictBody).digest('hex');
  const candidate = await registry.versions.get(project.id, 'bench', 2);
  // Request i/2: the holder's answer (even i), then the candidate's (odd i), as 100 % shadowing
  // logs them.
  let requestId = '';
  const makeRow = (i) => {
    if (i % 2 === 0) requestId = randomUUID();
    return makeRowOf(i, requestId);
  };
  const makeRowOf = (i, requestId) => ({
    projectId: project.id,
    modelId: model.id,
    requestId,
    role: i % 2 ? 'shadow' : 'served',
    versionId: i % 2 ? candidate.id : version.id,
    version: i % 2 ? 2 : 1,
    shadowTestId: i % 2 ? ingestTest.id : null,
    at: new Date(),
    inputSha256: hash,
    output: { kind: 'probability', outputs: [[0.73]], classes: ['no', 'yes'], predicted: ['yes'] },
    outcome: 'ok',
    latencyMs: 1.25,
  });
  const pool = new pg.Pool({ connectionString: dbUrl.toString(), max: 1 });
  const COLS =
    'project_id, model_id, request_id, role, version_id, version, shadow_test_id, "at", input_sha256, inputs, output, outcome, latency_ms, error';
  const raw = async (rows) => {
    const values = [];
    const params = [];
    for (const r of rows) {
      const o = params.length;
      values.push(
        `($${o + 1}::uuid,$${o + 2}::uuid,$${o + 3},$${o + 4}::"PredictionRole",$${o + 5}::uuid,$${o + 6}::int,$${o + 7}::uuid,$${o + 8}::timestamptz,$${o + 9},NULL,$${o + 10}::jsonb,'ok',$${o + 11}::float8,NULL)`,
      );
      params.push(
        r.projectId,
        r.modelId,
        r.requestId,
        r.role,
        r.versionId,
        r.version,
        r.shadowTestId,
        r.at,
        r.inputSha256,
        JSON.stringify(r.output),
        r.latencyMs,
      );
    }
    await pool.query(`INSERT INTO prediction_logs (${COLS}) VALUES ${values.join(',')}`, params);
  };
  for (let run = 1; run <= (PARTS.includes('ingest') ? RUNS : 0); run += 1) {
    const row = {};
    for (const batch of [1000, 5000]) {
      // `registry2`: two batches at once on two connections, as the API's writer flushes.
      for (const [name, write, together] of [
        ['registry', (rows) => registry.predictionLogs.append(rows), 1],
        ['registry2', (rows) => registry.predictionLogs.append(rows), 2],
        ['raw', raw, 1],
      ]) {
        let elapsed = 0;
        for (let done = 0; done < INGEST_ROWS; done += batch * together) {
          const groups = Array.from({ length: together }, (_, g) =>
            Array.from({ length: batch }, (_, i) => makeRow(done + g * batch + i)),
          );
          const t0 = performance.now();
          await Promise.all(groups.map((rows) => write(rows)));
          elapsed += performance.now() - t0;
        }
        row[`${name}${batch}`] = INGEST_ROWS / (elapsed / 1000);
      }
    }
    console.log(`ingest run ${run}:`, JSON.stringify(row));
    ingest.push(row);
  }
  // The shadow test counted every mirrored row the registry stored (two registry ways × two batch
  // sizes per run, half of the rows mirrored; the raw inserts add none).
  const counted = await registry.shadowTests.get(project.id, ingestTest.id);
  const expected = (RUNS * 2 * 2 * INGEST_ROWS) / 2;
  if (PARTS.includes('ingest') && counted.mirrored !== expected) {
    throw new Error(`the shadow test counted ${counted.mirrored} mirrored rows, not ${expected}`);
  }
  await pool.end();
  await registry.close();

  const names = ['none', ...Object.keys(results[0]?.mirror ?? {})];
  console.log(
    `\n1-min load average at the end: ${(await import('node:os')).loadavg()[0].toFixed(1)}`,
  );
  if (results.length > 0) {
    console.log(
      `\n| (a) ${RUNS} runs, median (min–max); POST …/predict through an alias, 1 row, ${DURATION} s each | caller p99 (ms) at half saturation | vs no shadow | candidate ok / errors / timeouts / dropped (last run) |\n|---|---|---|---|`,
    );
    const none = results.map((r) => r.p99.none);
    for (const name of names) {
      const p99s = results.map((r) => r.p99[name]);
      const ratios = results.map((r) => r.p99[name] / r.p99.none);
      const m = results.at(-1).mirror[name];
      console.log(
        `| ${name === 'none' ? 'no shadow test' : `100 % mirrored to a ${name}`} | ${summary(p99s)} | ${name === 'none' ? '' : `${((median(p99s) / median(none) - 1) * 100).toFixed(0)} % (per run ${ratios.map((x) => `${((x - 1) * 100).toFixed(0)} %`).join(', ')}; target ≤ +20 %)`} | ${m ? `${m.ok} / ${m.errors} / ${m.timeouts} / ${m.dropped} of ${m.callers} callers, 0 caller errors` : ''} |`,
      );
    }
    console.log(
      `\nsaturating rate ${summary(results.map((r) => r.saturated))} req/s, half ${summary(results.map((r) => r.halfRate))} req/s.`,
    );
  }
  if (ingest.length > 0) {
    console.log(
      `\n| (b) prediction-log ingest, ${INGEST_ROWS.toLocaleString('en')} rows, PostgreSQL, rows/s, median (min–max) | batches of 1,000 | batches of 5,000 |\n|---|---|---|`,
    );
    console.log(
      `| registry.predictionLogs.append (COPY and the shadow count, one transaction) | ${summary(ingest.map((r) => r.registry1000))} | ${summary(ingest.map((r) => r.registry5000))} |`,
    );
    console.log(
      `| the same, two batches at once on two connections (as the API's writer flushes) | ${summary(ingest.map((r) => r.registry21000))} | ${summary(ingest.map((r) => r.registry25000))} |`,
    );
    console.log(
      `| raw pg INSERT … VALUES (same rows and table) | ${summary(ingest.map((r) => r.raw1000))} | ${summary(ingest.map((r) => r.raw5000))} |`,
    );
    console.log('(target ≥ 50,000 rows/s)');
  }
} finally {
  api.child.kill('SIGTERM');
  hanging.closeAllConnections();
  hanging.close();
  await new Promise((r) => setTimeout(r, 1500));
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
  await rm(dataDir, { recursive: true, force: true });
}
