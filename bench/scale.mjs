#!/usr/bin/env node
// The scale test (issue 18, item 7): a command, not part of `npm test`.
//   pnpm --filter @assay/bench run scale            (SCALE_JOBS=1000 by default)
// Two API processes and 1, 2 then 3 BullMQ workers on one fresh PostgreSQL database and Redis.
// For each worker count, SCALE_JOBS batch tests are sent as jobs through both APIs in turn; once
// a third of them are done, one worker is killed with SIGKILL in the middle of its job and a
// replacement is started. Reported: jobs per second per worker count, and the exactly-once check
// — every job succeeded, and each job stored exactly one completed evaluation (a job taken over
// after its worker died must not store a second one).
// Then the sharded batch test (SCALE_BATCH_ROWS=10000000 by default, 0 skips it): a seeded
// Parquet table of that many rows (three binned features, a binary target; row groups of 250,000
// rows) is generated here and uploaded, and with 3 workers up one batch test runs unsharded (one
// worker parses and scores every row) and one sharded in 3 row ranges (the parent job runs one
// range itself, the two other workers one each, each decoding only its row groups). Reported:
// wall time of each, from the request to the stored evaluation, and whether the merged metrics
// equal the single-process ones (counted metrics bit for bit, logLoss within 1e-12 relative).
// The table has rows × 4 cells, above the default ASSAY_MAX_DATASET_CELLS (10,000,000), and one
// process holds the whole table: this command raises ASSAY_MAX_DATASET_CELLS and
// ASSAY_COMPUTE_MEMORY_MB for its own processes only.
// Requires the PostgreSQL of TEST_DATABASE_URL and the Redis of REDIS_URL (the defaults of CI).
import { loadavg } from 'node:os';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { call, freshCluster, KEY, killAll, start } from './processes.mjs';

const JOBS = Number(process.env.SCALE_JOBS ?? 1000);
const ROWS = Number(process.env.SCALE_ROWS ?? 2000);
const WORKER_COUNTS = (process.env.SCALE_WORKERS ?? '1,2,3')
  .split(',')
  .filter((w) => w !== '')
  .map(Number);
const BATCH_ROWS = Number(process.env.SCALE_BATCH_ROWS ?? 10_000_000);
const BATCH_SHARDS = 3;

/** A seeded table of ROWS rows, three features and a binary target. */
function datasetCsv() {
  let s = 7;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const lines = ['a,b,c,y'];
  for (let i = 0; i < ROWS; i += 1) {
    const [a, b, c] = [rnd() * 2 - 1, rnd() * 2 - 1, rnd() * 2 - 1];
    const y = 1.1 * a - 0.9 * b + 0.4 * c + (rnd() - 0.5) > 0 ? 1 : 0;
    lines.push(`${a.toFixed(4)},${b.toFixed(4)},${c.toFixed(4)},${y}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A seeded Parquet table of `rows` rows: features a, b, c binned to 21 levels each (so the model
 * gives at most 9,261 distinct scores, and the ROC AUC and log-loss shard states, one count per
 * distinct (label, score), stay small) and a noisy binary target y.
 */
function datasetParquet(rows) {
  let s = 11;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const [a, b, c] = [0, 1, 2].map(() => new Float64Array(rows));
  const y = new Int32Array(rows);
  const level = () => Math.round(rnd() * 20 - 10) / 10;
  for (let i = 0; i < rows; i += 1) {
    a[i] = level();
    b[i] = level();
    c[i] = level();
    y[i] = 1.1 * a[i] - 0.9 * b[i] + 0.4 * c[i] + (rnd() - 0.5) > 0 ? 1 : 0;
  }
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: 'a', data: a, type: 'DOUBLE' },
        { name: 'b', data: b, type: 'DOUBLE' },
        { name: 'c', data: c, type: 'DOUBLE' },
        { name: 'y', data: y, type: 'INT32' },
      ],
      rowGroupSize: 250_000,
    }),
  );
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls a job until it has ended; answers it. */
async function waitForJob(api, id) {
  for (;;) {
    const job = await call(api, 'GET', `/v1/projects/default/jobs/${id}`);
    if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return job;
    await sleep(250);
  }
}

/** Metrics merged from integer counts: the sharded value is the unsharded one, bit for bit. */
const EXACT_METRICS = new Set(['accuracy', 'f1', 'rocAuc']);

/**
 * The 10-million-row batch test, unsharded then sharded over 3 workers: wall times and whether
 * the stored metrics agree.
 */
async function batchPhase(api, start, common, before, db) {
  const generated = performance.now();
  const bytes = datasetParquet(BATCH_ROWS);
  const generateSeconds = (performance.now() - generated) / 1000;
  const uploaded = performance.now();
  const dataset = await call(
    api,
    'POST',
    '/v1/projects/default/datasets?format=parquet&name=scale-batch',
    bytes,
    'application/octet-stream',
  );
  const uploadSeconds = (performance.now() - uploaded) / 1000;
  const pool = [];
  for (let i = 0; i < BATCH_SHARDS; i += 1) {
    pool.push((await start('apps/api/dist/worker.js', common, 'ASSAY_WORKER')).child);
  }
  const body = {
    model: 'scale',
    version: 1,
    dataset: { id: dataset.id },
    target: 'y',
    metrics: [{ name: 'accuracy' }, { name: 'f1' }, { name: 'rocAuc' }, { name: 'logLoss' }],
    async: true,
  };
  const runs = {};
  for (const [name, extra] of [
    // shard: false, or the API would shard it by itself (ASSAY_SHARD_ROWS)
    ['single', { shard: false }],
    ['sharded', { shard: { rows: Math.ceil(BATCH_ROWS / BATCH_SHARDS) } }],
  ]) {
    const t0 = performance.now();
    const answer = await call(api, 'POST', '/v1/projects/default/evaluations', {
      ...body,
      ...extra,
    });
    const job = await waitForJob(api, answer.id);
    const seconds = (performance.now() - t0) / 1000;
    if (job.status !== 'succeeded') {
      throw new Error(`the ${name} batch test ended ${job.status}: ${JSON.stringify(job.error)}`);
    }
    const evaluation = await call(
      api,
      'GET',
      `/v1/projects/default/evaluations/${job.evaluationId}`,
    );
    // Where the time went: each job's wait in the queue and its run, from the job rows.
    const { rows: parts } = await db.query(
      `SELECT kind, worker_id,
              extract(epoch FROM started_at - created_at)::float AS waited,
              extract(epoch FROM finished_at - started_at)::float AS ran,
              (result->'state'->'timing'->>'totalMs')::float / 1000 AS computed
         FROM jobs WHERE id = $1 OR input->>'parentJobId' = $1::text ORDER BY created_at`,
      [answer.id],
    );
    runs[name] = {
      seconds,
      evaluation,
      shards: job.result?.shards ?? 1,
      jobs: parts.map((p) => ({
        kind: p.kind,
        worker: (p.worker_id ?? '').split(':').slice(0, 2).join(':'),
        waited: Number(p.waited).toFixed(1),
        ran: Number(p.ran).toFixed(1),
        ...(p.computed === null ? {} : { computed: Number(p.computed).toFixed(1) }),
      })),
    };
  }
  for (const w of pool) w.kill('SIGTERM');
  const metrics = runs.single.evaluation.metrics.map((m, i) => {
    const sharded = runs.sharded.evaluation.metrics[i];
    const relative =
      m.value === sharded.value
        ? 0
        : Math.abs(m.value - sharded.value) / Math.max(Math.abs(m.value), Math.abs(sharded.value));
    return {
      name: m.name,
      single: m.value,
      sharded: sharded.value,
      equal: EXACT_METRICS.has(m.name) ? m.value === sharded.value : relative <= 1e-12,
      relative,
    };
  });
  return {
    rows: BATCH_ROWS,
    parquetBytes: bytes.byteLength,
    generateSeconds: generateSeconds.toFixed(1),
    uploadSeconds: uploadSeconds.toFixed(1),
    singleSeconds: runs.single.seconds.toFixed(1),
    shardedSeconds: runs.sharded.seconds.toFixed(1),
    shards: runs.sharded.shards,
    singleJobs: runs.single.jobs,
    shardedJobs: runs.sharded.jobs,
    speedup: (runs.single.seconds / runs.sharded.seconds).toFixed(2),
    metrics,
    equal:
      metrics.every((m) => m.equal) &&
      runs.single.evaluation.dataset.rows === BATCH_ROWS &&
      runs.sharded.evaluation.dataset.sha256 === runs.single.evaluation.dataset.sha256 &&
      runs.sharded.evaluation.dataset.rows === BATCH_ROWS,
    loadAverage: before,
  };
}

async function main() {
  const { db, env, drop } = await freshCluster('scale');
  const common = {
    ...env,
    // A dead worker's job is taken over after its lease: short, so the test does not wait long.
    ASSAY_JOB_LEASE_MS: '3000',
    // The batch phase's table: rows × 4 cells, held whole by the unsharded run's compute thread.
    ASSAY_MAX_DATASET_CELLS: String(Math.max(10_000_000, BATCH_ROWS * 4)),
    ASSAY_MAX_DATASET_BYTES: String(1024 * 1024 * 1024),
    ASSAY_COMPUTE_MEMORY_MB: '6144',
  };
  const results = [];
  let batch;
  try {
    const apis = [];
    for (let i = 0; i < 2; i += 1) {
      const { seen } = await start(
        'apps/api/dist/main.js',
        { ...common, PORT: '0', ASSAY_ADMIN_KEY: KEY },
        'ASSAY_API_URL',
      );
      apis.push(seen.ASSAY_API_URL);
    }
    const [api] = apis;
    await call(api, 'POST', '/v1/projects/default/models', { name: 'scale' });
    await call(
      api,
      'POST',
      '/v1/projects/default/models/scale/versions?format=json',
      JSON.stringify({ type: 'logistic', coef: [1.1, -0.9, 0.4], intercept: 0, classes: [0, 1] }),
      'application/octet-stream',
    );
    const dataset = await call(
      api,
      'POST',
      '/v1/projects/default/datasets?format=csv&name=scale',
      datasetCsv(),
      'application/octet-stream',
    );

    for (const workers of WORKER_COUNTS) {
      const pool = [];
      for (let i = 0; i < workers; i += 1) {
        pool.push((await start('apps/api/dist/worker.js', common, 'ASSAY_WORKER')).child);
      }
      // Every evaluation of the previous round was stored before this one starts.
      const before = (await db.query('SELECT now() AS t')).rows[0].t;
      const started = performance.now();
      const ids = [];
      const body = {
        model: 'scale',
        version: 1,
        dataset: { id: dataset.id },
        target: 'y',
        metrics: [{ name: 'accuracy' }, { name: 'rocAuc' }, { name: 'logLoss' }],
        async: true,
      };
      // Sent by 8 concurrent clients through both APIs in turn.
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < JOBS) {
            const i = next++;
            const answer = await call(
              apis[i % apis.length],
              'POST',
              '/v1/projects/default/evaluations',
              body,
            );
            ids.push(answer.id);
          }
        }),
      );
      const submitted = performance.now();
      let killed = false;
      let done = 0;
      for (;;) {
        const { rows } = await db.query(
          `SELECT status, count(*)::int AS n FROM jobs WHERE id = ANY($1::uuid[]) GROUP BY status`,
          [ids],
        );
        const counts = Object.fromEntries(rows.map((r) => [r.status, r.n]));
        done = (counts.succeeded ?? 0) + (counts.failed ?? 0) + (counts.cancelled ?? 0);
        if (!killed && done >= JOBS / 3) {
          // Kill a worker with a job in hand (SIGKILL: no shutdown grace), then replace it.
          const victim = pool.shift();
          victim.kill('SIGKILL');
          pool.push((await start('apps/api/dist/worker.js', common, 'ASSAY_WORKER')).child);
          killed = true;
        }
        if (done === JOBS) break;
        await sleep(200);
      }
      const seconds = (performance.now() - started) / 1000;
      const { rows: statuses } = await db.query(
        `SELECT status, count(*)::int AS n, max(attempts) AS max_attempts FROM jobs WHERE id = ANY($1::uuid[]) GROUP BY status`,
        [ids],
      );
      const { rows: evaluations } = await db.query(
        `SELECT count(*)::int AS n, count(DISTINCT j.id)::int AS jobs
           FROM evaluations e JOIN jobs j ON j.evaluation_id = e.id
          WHERE j.id = ANY($1::uuid[]) AND e.status = 'completed'`,
        [ids],
      );
      const { rows: allEvaluations } = await db.query(
        'SELECT count(*)::int AS n FROM evaluations WHERE created_at > $1',
        [before],
      );
      const succeeded = statuses.find((r) => r.status === 'succeeded')?.n ?? 0;
      const retried = (
        await db.query(
          'SELECT count(*)::int AS n FROM jobs WHERE id = ANY($1::uuid[]) AND attempts > 1',
          [ids],
        )
      ).rows[0].n;
      const exactlyOnce =
        succeeded === JOBS && evaluations[0].jobs === JOBS && allEvaluations[0].n === JOBS;
      results.push({
        workers,
        jobs: JOBS,
        seconds: seconds.toFixed(1),
        submitSeconds: ((submitted - started) / 1000).toFixed(1),
        jobsPerSecond: (JOBS / seconds).toFixed(1),
        succeeded,
        retried,
        evaluationsStored: allEvaluations[0].n,
        exactlyOnce,
      });
      console.log(JSON.stringify(results.at(-1)));
      for (const w of pool) w.kill('SIGTERM');
      await sleep(500);
    }
    if (BATCH_ROWS > 0) {
      batch = await batchPhase(
        api,
        start,
        common,
        loadavg()
          .map((l) => l.toFixed(2))
          .join(' '),
        db,
      );
      console.log(JSON.stringify(batch));
    }
  } finally {
    killAll();
    await drop();
  }
  console.log(
    '\n| workers | jobs | seconds | jobs/s | retried after the kill | evaluations stored | exactly once |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    console.log(
      `| ${r.workers} | ${r.jobs} | ${r.seconds} | ${r.jobsPerSecond} | ${r.retried} | ${r.evaluationsStored} | ${r.exactlyOnce ? 'yes' : 'NO'} |`,
    );
  }
  if (batch !== undefined) {
    console.log(
      `\n| batch test | rows | wall time (s) | shards | merged metrics equal the single run |`,
    );
    console.log('| --- | --- | --- | --- | --- |');
    console.log(`| single (1 worker) | ${batch.rows} | ${batch.singleSeconds} | 1 | (reference) |`);
    console.log(
      `| sharded (3 workers) | ${batch.rows} | ${batch.shardedSeconds} | ${batch.shards} | ${batch.equal ? 'yes' : 'NO'} (${batch.metrics.map((m) => `${m.name} ${m.sharded}`).join(', ')}) |`,
    );
    console.log(
      `jobs (seconds waited in the queue / run / computing in the shard): single ${JSON.stringify(batch.singleJobs)}; sharded ${JSON.stringify(batch.shardedJobs)}`,
    );
    console.log(
      `speed-up ${batch.speedup}×; Parquet ${batch.parquetBytes} bytes generated in ${batch.generateSeconds} s, uploaded in ${batch.uploadSeconds} s; load average before: ${batch.loadAverage}`,
    );
  }
  if (results.some((r) => !r.exactlyOnce) || (batch !== undefined && !batch.equal)) process.exit(1);
}

main().catch((error) => {
  killAll();
  console.error(error);
  process.exit(1);
});
