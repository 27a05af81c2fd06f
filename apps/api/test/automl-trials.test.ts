/**
 * An AutoML run's trials across BullMQ workers (issue 16, item 5): with Redis the search keeps
 * `parallelTrials` trials in flight, the first in its own worker's compute thread and the others
 * as `automl-trial` jobs that other workers run; the leaderboard equals the core's search with the
 * same seed and parallelism run in one process (results are taken in the order proposed), and a
 * cancelled run cancels its trial jobs.
 */
import { parseDataset } from '@assay/core';
import {
  evaluateTrial,
  type LeaderboardTrial,
  prepareStudy,
  searchTrials,
} from '@assay/core/automl';
import type { AutoMlRun, Dataset, Job } from '@assay/registry';
import { openRegistry, type Registry } from '@assay/registry';
import { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computePoolOptions, readEnv } from '../src/env.js';
import { JOB_HANDLERS } from '../src/job-handlers.js';
import { BullMqJobQueue } from '../src/jobs/bullmq-queue.js';
import { ComputePool } from '../src/jobs/compute/compute-pool.js';
import { BULLMQ_QUEUE_NAME } from '../src/jobs/job-queue.js';
import { runClaimedJob } from '../src/jobs/run-job.js';
import { freshPostgres, REDIS, startWorkers } from './bullmq-workers.js';
import {
  ENDED,
  fixtureCsv,
  type Harness,
  json,
  readJson,
  startHarness,
  waitFor,
} from './harness.js';

const irisCsv = fixtureCsv('iris');

const strip = (trials: readonly LeaderboardTrial[]) =>
  trials.map(({ durationMs: _d, ...rest }) => rest);

type TrialJob = Job & {
  workerId: string | null;
  input: { parentJobId: string; request: { family: string } };
};

describe('AutoML trials across BullMQ workers (PostgreSQL, Redis)', () => {
  const prefix = `assay-automl-test-${process.pid}-${Date.now().toString(36)}`;
  let h: Harness;
  let drop: (() => void) | undefined;
  let stopWorkers: (() => Promise<void>) | undefined;
  let dataset: Dataset;
  const getRun = async (id: string) =>
    readJson<AutoMlRun>(await h.call(`/v1/projects/default/automl-runs/${id}`));
  const trialJobs = async (parent: string) =>
    (
      await readJson<{ items: TrialJob[] }>(
        await h.call('/v1/projects/default/jobs?kind=automl-trial&limit=200'),
      )
    ).items.filter((j) => j.input.parentJobId === parent);

  beforeAll(async () => {
    const database = await freshPostgres('automl');
    drop = database.drop;
    h = await startHarness(
      {
        REDIS_URL: REDIS,
        ASSAY_REDIS_PREFIX: prefix,
        ASSAY_JOB_LEASE_MS: '5000',
        ASSAY_AUTOML_PARALLEL_TRIALS: '3',
      },
      { databaseUrl: database.url },
    );
    stopWorkers = await startWorkers({
      count: 3,
      databaseUrl: database.url,
      dataDir: h.dataDir,
      prefix,
      concurrency: 1,
      leaseMs: 5000,
    });
    const res = await h.call('/v1/projects/default/datasets?format=csv&name=iris', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: irisCsv,
    });
    expect(res.status, await res.clone().text()).toBe(201);
    dataset = await readJson<Dataset>(res);
  }, 60_000);
  afterAll(async () => {
    await stopWorkers?.();
    await h?.close();
    drop?.();
  });

  it('spreads trials over the workers; the leaderboard is the core’s with the same seed and parallelism', async () => {
    const settings = {
      maxTrials: 9,
      seed: 5,
      families: ['linear', 'cart', 'random_forest'] as ('linear' | 'cart' | 'random_forest')[],
    };
    const res = await h.call(
      '/v1/projects/default/automl-runs',
      json({
        datasetId: dataset.id,
        target: 'species',
        budgetSeconds: 120,
        modelName: 'iris-spread',
        ...settings,
      }),
    );
    expect(res.status, await res.clone().text()).toBe(202);
    const started = await readJson<{ run: AutoMlRun; job: Job }>(res);
    // the deployment's default, stored with the run
    expect(started.run.settings).toMatchObject({ parallelTrials: 3 });
    const run = await waitFor(
      () => getRun(started.run.id),
      (r) => ENDED.includes(r.status),
    );
    expect(run.error).toBeNull();
    expect(run.status).toBe('succeeded');
    expect(run.leaderboard).toHaveLength(9);

    // the same search in one process, trials run here with the same parallelism
    const table = parseDataset(new TextEncoder().encode(irisCsv), { format: 'csv' });
    const study = prepareStudy(table, {
      target: 'species',
      timeBudgetSeconds: 120,
      ...settings,
    });
    const local = await searchTrials(
      study,
      study.learners,
      (request) => evaluateTrial(study, request),
      { start: Date.now(), parallelTrials: 3 },
    );
    expect(strip(run.leaderboard as unknown as LeaderboardTrial[])).toEqual(
      strip(local.leaderboard),
    );

    // trials beyond the search's own lane went to the queue, and more than one worker ran them
    const jobs = await trialJobs(started.job.id);
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.length).toBeLessThan(9);
    expect(jobs.every((j) => j.status === 'succeeded')).toBe(true);
    const automl = await readJson<Job & { workerId: string }>(
      await h.call(`/v1/projects/default/jobs/${started.job.id}`),
    );
    const workers = new Set(jobs.map((j) => j.workerId?.split(':').slice(0, 3).join(':')));
    workers.add(automl.workerId.split(':').slice(0, 3).join(':'));
    expect(workers.size, [...workers].join(', ')).toBeGreaterThan(1);

    const version = await readJson<{ tags: Record<string, string> }>(
      await h.call('/v1/projects/default/models/iris-spread/versions/1'),
    );
    expect(version.tags['automl.parallel_trials']).toBe('3');
  });

  it('a cancelled run cancels its trial jobs and registers nothing', async () => {
    const res = await h.call(
      '/v1/projects/default/automl-runs',
      json({
        datasetId: dataset.id,
        target: 'species',
        budgetSeconds: 300,
        modelName: 'iris-cancelled',
        families: ['mlp', 'random_forest', 'hist_gbm'],
        parallelTrials: 3,
      }),
    );
    expect(res.status, await res.clone().text()).toBe(202);
    const started = await readJson<{ run: AutoMlRun; job: Job }>(res);
    // wait until trials are out on the queue, then cancel
    await waitFor(
      () => trialJobs(started.job.id),
      (jobs) => jobs.length > 0,
    );
    const cancel = await h.call(`/v1/projects/default/jobs/${started.job.id}/cancel`, {
      method: 'POST',
    });
    expect(cancel.status, await cancel.clone().text()).toBeLessThan(300);
    const run = await waitFor(
      () => getRun(started.run.id),
      (r) => ENDED.includes(r.status),
    );
    expect(run.status).toBe('cancelled');
    expect(run.modelVersion).toBeNull();
    const jobs = await waitFor(
      () => trialJobs(started.job.id),
      (all) => all.every((j) => ENDED.includes(j.status)),
    );
    // every trial job ended; none is left queued or running for a search that is gone
    expect(jobs.some((j) => j.status === 'cancelled' || j.status === 'succeeded')).toBe(true);
  });
});

describe('AutoML trials when a worker dies holding one (PostgreSQL, Redis)', () => {
  const prefix = `assay-automl-hung-${process.pid}-${Date.now().toString(36)}`;
  let h: Harness;
  let drop: (() => void) | undefined;
  let registry: Registry;
  let compute: ComputePool;
  let queue: BullMqJobQueue;
  let worker: Worker<{ jobId: string }>;
  const hung: string[] = [];
  const release: (() => void)[] = [];

  beforeAll(async () => {
    const database = await freshPostgres('automl_hung');
    drop = database.drop;
    h = await startHarness(
      { REDIS_URL: REDIS, ASSAY_REDIS_PREFIX: prefix, ASSAY_JOB_LEASE_MS: '60000' },
      { databaseUrl: database.url },
    );
    // One worker that runs searches, but claims every trial job handed to it and then stops
    // answering, as a worker that died holding it (no heartbeat; its lease outlasts the run).
    registry = await openRegistry({ databaseUrl: database.url, dataDir: h.dataDir });
    compute = new ComputePool(computePoolOptions(readEnv({ ASSAY_COMPUTE_THREADS: '1' })));
    queue = new BullMqJobQueue(REDIS, prefix);
    const quiet = { info: () => {}, warn: () => {}, error: () => {} };
    const deps = {
      registry,
      log: quiet,
      leaseMs: 60_000,
      compute,
      handlers: JOB_HANDLERS,
      enqueue: (job: Job) => queue.enqueue(job),
      remoteWorkers: true,
    };
    worker = new Worker<{ jobId: string }>(
      BULLMQ_QUEUE_NAME,
      async (bull) => {
        const claimed = await registry.jobs.claim('worker:dies', {
          jobId: bull.data.jobId,
          leaseMs: 60_000,
        });
        if (claimed === null) return;
        if (claimed.job.kind === 'automl-trial') {
          hung.push(claimed.job.id);
          await new Promise<void>((resolve) => release.push(resolve));
          return;
        }
        await runClaimedJob(deps, claimed);
      },
      { connection: { url: REDIS, maxRetriesPerRequest: null }, prefix, concurrency: 4 },
    );
  }, 60_000);
  afterAll(async () => {
    for (const r of release) r();
    await worker?.close();
    await queue?.close();
    await compute?.close();
    await registry?.close();
    await h?.close();
    drop?.();
  });

  it('gives the held trial up at the deadline: the run ends within its budget, that trial failed', async () => {
    const upload = await h.call('/v1/projects/default/datasets?format=csv&name=iris', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: irisCsv,
    });
    expect(upload.status, await upload.clone().text()).toBe(201);
    const dataset = await readJson<Dataset>(upload);
    const budgetSeconds = 8;
    const res = await h.call(
      '/v1/projects/default/automl-runs',
      json({
        datasetId: dataset.id,
        target: 'species',
        budgetSeconds,
        modelName: 'iris-hung',
        families: ['linear', 'cart'],
        parallelTrials: 2,
      }),
    );
    expect(res.status, await res.clone().text()).toBe(202);
    const started = await readJson<{ run: AutoMlRun; job: Job }>(res);
    const run = await waitFor(
      async () =>
        readJson<AutoMlRun>(await h.call(`/v1/projects/default/automl-runs/${started.run.id}`)),
      (r) => ENDED.includes(r.status),
    );
    expect(run.error).toBeNull();
    expect(run.status).toBe('succeeded');
    expect(hung.length).toBeGreaterThan(0);
    const leaderboard = run.leaderboard as unknown as LeaderboardTrial[];
    const given = leaderboard.filter((t) =>
      t.error?.includes("had not ended by the run's deadline"),
    );
    expect(given.length).toBeGreaterThan(0);
    expect(given.every((t) => t.status === 'failed')).toBe(true);
    // the search and refit within the budget and 5 %; the batch test and explanation after them
    // take well under 2 s on iris
    const job = await readJson<Job>(await h.call(`/v1/projects/default/jobs/${started.job.id}`));
    const seconds =
      (Date.parse(job.finishedAt as string) - Date.parse(job.startedAt as string)) / 1000;
    expect(seconds).toBeLessThan(budgetSeconds * 1.05 + 2);
    // the held trial jobs were cancelled (their worker never answers)
    const trials = await Promise.all(hung.map((id) => registry.jobs.getById(id)));
    expect(trials.every((t) => t?.cancelRequested === true || t?.status === 'cancelled')).toBe(
      true,
    );
  });
});
