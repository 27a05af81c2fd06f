import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, createBackend } from './support/backends.js';
import { datasetsDir } from './support/paths.js';
import { type RunningApi, readJson, startApi, startWorker } from './support/processes.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const diabetesCsv = readFileSync(join(datasetsDir, 'diabetes.csv'), 'utf8');
const MODEL = {
  type: 'linear',
  coef: [
    -0.036361, -22.859648, 5.602962, 1.116808, -1.089996, 0.74645, 0.372005, 6.533832, 68.483125,
    0.280117,
  ],
  intercept: -334.567139,
};
// python3: r2_score(y, X @ coef + intercept) on diabetes.csv
const R2 = 0.5177484222201301;

interface Job {
  id: string;
  status: string;
  attempts: number;
  evaluationId: string | null;
  error: { detail: string } | null;
  workerId: string | null;
}

/** A client of one API process (the key survives restarts: it is in the database). */
function client(api: () => RunningApi, key: () => string) {
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${api().url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${key()}`, ...(init.headers as Record<string, string>) },
    });
  const post = (path: string, body: unknown) =>
    call(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const job = async (id: string) => readJson<Job>(await call(`/v1/projects/default/jobs/${id}`));
  const waitFor = async (id: string, done: (j: Job) => boolean, seconds = 120): Promise<Job> => {
    for (let i = 0; i < seconds * 10; i++) {
      const j = await job(id);
      if (done(j)) return j;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(
      `job ${id} did not reach the state in ${seconds} s: ${JSON.stringify(await job(id))}`,
    );
  };
  const setUp = async () => {
    expect((await post('/v1/projects/default/models', { name: 'progression' })).status).toBe(201);
    const upload = await call('/v1/projects/default/models/progression/versions?format=json', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: JSON.stringify(MODEL),
    });
    expect(upload.status).toBe(201);
    const dataset = await call('/v1/projects/default/datasets?format=csv', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: diabetesCsv,
    });
    expect(dataset.status).toBe(201);
    return (await readJson<{ id: string }>(dataset)).id;
  };
  /** An evaluation job; `slow` adds bootstrap intervals that keep a worker busy for seconds. */
  const evaluate = async (datasetId: string, slow: boolean) => {
    const res = await post('/v1/projects/default/evaluations', {
      model: 'progression',
      version: 1,
      dataset: { id: datasetId },
      target: 'progression',
      metrics: (slow
        ? ['r2', 'mse', 'rmse', 'mae', 'explainedVariance', 'medianAbsoluteError']
        : ['r2']
      ).map((name) => ({ name })),
      ...(slow ? { confidence: { nResamples: 20000, seed: 3 } } : {}),
      async: true,
    });
    expect(res.status, await res.clone().text()).toBe(202);
    return (await readJson<Job>(res)).id;
  };
  const evaluationCount = async () =>
    (await readJson<{ items: unknown[] }>(await call('/v1/projects/default/evaluations?limit=500')))
      .items.length;
  return { call, post, job, waitFor, setUp, evaluate, evaluationCount };
}

describe('jobs through Redis (BullMQ) and worker processes, on PostgreSQL', () => {
  let backend: Backend;
  let api: RunningApi;
  let key: string;
  let env: Record<string, string>;
  const workers: { stop: () => Promise<void>; kill: () => Promise<void> }[] = [];
  const c = client(
    () => api,
    () => key,
  );
  let datasetId: string;

  beforeAll(async () => {
    backend = await createBackend('postgres');
    env = {
      ...backend.env,
      REDIS_URL,
      // a queue of this test's own, however many runs share the Redis
      ASSAY_REDIS_PREFIX: `assay-e2e-${randomBytes(4).toString('hex')}`,
      ASSAY_JOB_LEASE_MS: '2000',
    };
    api = await startApi(env);
    key = api.firstKey as string;
    datasetId = await c.setUp();
  });
  afterAll(async () => {
    for (const w of workers) await w.kill();
    await api?.stop();
    await backend?.dispose();
  });

  it('reports Redis in /readyz and keeps a job queued until a worker runs', async () => {
    const ready = await readJson<{ jobs: string }>(await fetch(`${api.url}/readyz`));
    expect(ready.jobs).toBe('redis');
    const id = await c.evaluate(datasetId, false);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await c.job(id)).status).toBe('queued');
    const worker = await startWorker({ ...env, ASSAY_WORKER_METRICS_PORT: '0' });
    workers.push(worker);
    const done = await c.waitFor(id, (j) => j.status === 'succeeded');
    expect(done.workerId).toMatch(/^worker:/);
    // the worker's own Prometheus endpoint counts the run
    const metricsUrl = /ASSAY_WORKER_METRICS_URL=(\S+)/.exec(worker.output())?.[1];
    const text = await (await fetch(metricsUrl as string)).text();
    expect(text).toMatch(/assay_job_runs_total\{kind="evaluation",outcome="succeeded"\} 1/);
    const evaluation = await readJson<{ metrics: { value: number }[] }>(
      await c.call(`/v1/projects/default/evaluations/${done.evaluationId}`),
    );
    expect(evaluation.metrics[0]?.value).toBeCloseTo(R2, 10);
  });

  it('retries a job whose worker was killed mid-job, and stores its result once', async () => {
    const before = await c.evaluationCount();
    const id = await c.evaluate(datasetId, true);
    await c.waitFor(id, (j) => j.status === 'running');
    await workers[0]?.kill();
    workers.push(await startWorker(env));
    const done = await c.waitFor(id, (j) => j.status !== 'running' && j.status !== 'queued');
    expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
    expect(done.attempts).toBe(2);
    expect(await c.evaluationCount()).toBe(before + 1);
  });

  it('lets a stopping worker finish its running job before it exits', async () => {
    const id = await c.evaluate(datasetId, true);
    await c.waitFor(id, (j) => j.status === 'running');
    const worker = workers.at(-1);
    await worker?.stop();
    const done = await c.job(id);
    expect(done.status).toBe('succeeded');
    expect(done.attempts).toBe(1);
  });

  it('hands over a job Redis never got, found queued in the database by a worker', async () => {
    // No worker serves this test's queue now; the one below listens on another queue, so the
    // job can only reach it through the database.
    const id = await c.evaluate(datasetId, false);
    workers.push(await startWorker({ ...env, ASSAY_REDIS_PREFIX: `${env.ASSAY_REDIS_PREFIX}-b` }));
    const done = await c.waitFor(id, (j) => j.status !== 'running' && j.status !== 'queued');
    expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
    expect(done.attempts).toBe(1);
  });
});

describe('jobs in the API process (no Redis), across a crash and a graceful stop', () => {
  let backend: Backend;
  let api: RunningApi;
  let key: string;
  let env: Record<string, string>;
  const c = client(
    () => api,
    () => key,
  );
  let datasetId: string;

  beforeAll(async () => {
    backend = await createBackend('embedded');
    env = { ...backend.env, ASSAY_JOB_LEASE_MS: '2000', ASSAY_JOB_POLL_MS: '200' };
    api = await startApi(env);
    key = api.firstKey as string;
    datasetId = await c.setUp();
  });
  afterAll(async () => {
    await api?.stop();
    await backend?.dispose();
  });

  it('takes over a job whose process died once its lease runs out, and stores one result', async () => {
    const before = await c.evaluationCount();
    const id = await c.evaluate(datasetId, true);
    await c.waitFor(id, (j) => j.status === 'running');
    await api.kill();
    api = await startApi(env);
    const done = await c.waitFor(id, (j) => j.status !== 'running' && j.status !== 'queued');
    expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
    expect(done.attempts).toBe(2);
    expect(await c.evaluationCount()).toBe(before + 1);
  });

  it('finishes a running job on SIGTERM before exiting', async () => {
    const id = await c.evaluate(datasetId, true);
    await c.waitFor(id, (j) => j.status === 'running');
    await api.stop();
    expect(api.exitCode()).toBe(0);
    api = await startApi(env);
    const done = await c.job(id);
    expect(done.status).toBe('succeeded');
    expect(done.attempts).toBe(1);
  });
});
