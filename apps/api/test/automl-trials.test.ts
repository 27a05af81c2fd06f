/**
 * An AutoML run's trials across BullMQ workers (issue 16, item 5): with Redis the search keeps
 * `parallelTrials` trials in flight, the first in its own worker's compute thread and the others
 * as `automl-trial` jobs that other workers run; the leaderboard equals the core's search with the
 * same seed and parallelism run in one process (results are taken in the order proposed), and a
 * cancelled run cancels its trial jobs.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDataset } from '@assay/core';
import {
  evaluateTrial,
  type LeaderboardTrial,
  prepareStudy,
  searchTrials,
} from '@assay/core/automl';
import type { AutoMlRun, Dataset, Job } from '@assay/registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres, REDIS, startWorkers } from './bullmq-workers.js';
import { type Harness, json, readJson, startHarness } from './harness.js';

const irisCsv = readFileSync(
  fileURLToPath(new URL('../../../fixtures/datasets/iris.csv', import.meta.url)),
  'utf8',
);
const ENDED = ['succeeded', 'failed', 'cancelled'];

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 1200; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('not reached within 120 s');
}

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
