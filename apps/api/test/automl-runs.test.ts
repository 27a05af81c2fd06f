/**
 * AutoML runs through the API (issue 16): a run on iris as a job fills its leaderboard, registers
 * the best pipeline as a version whose predictions of raw rows equal the core's for the same
 * seeded run, stores its batch test and explanation; bad requests are 400s that say what to fix;
 * a cancelled job leaves a cancelled run and no version.
 */
import { loadModelArtifact, parseDataset } from '@assay/core';
import { type LeaderboardTrial, runAutoMl } from '@assay/core/automl';
import type { AutoMlRun, Dataset, Evaluation, Job } from '@assay/registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ENDED,
  fixtureCsv,
  type Harness,
  json,
  type ProblemBody,
  readJson,
  startHarness,
  waitFor,
} from './harness.js';

const irisCsv = fixtureCsv('iris');

describe('AutoML runs', () => {
  let h: Harness;
  let dataset: Dataset;
  const getRun = async (id: string) =>
    readJson<AutoMlRun>(await h.call(`/v1/projects/default/automl-runs/${id}`));
  beforeAll(async () => {
    h = await startHarness({ ASSAY_JOB_POLL_MS: '200' });
    const res = await h.call('/v1/projects/default/datasets?format=csv&name=iris', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: irisCsv,
    });
    expect(res.status, await res.clone().text()).toBe(201);
    dataset = await readJson<Dataset>(res);
  });
  afterAll(() => h?.close());

  it('runs on iris as a job: leaderboard, a registered version predicting as the core’s run, its batch test and explanation', async () => {
    // A trial budget and a seed: the same leaderboard as the core's run below.
    const settings = {
      maxTrials: 4,
      seed: 3,
      families: ['linear', 'cart'] as ('linear' | 'cart')[],
    };
    const res = await h.call(
      '/v1/projects/default/automl-runs',
      json({
        datasetId: dataset.id,
        target: 'species',
        budgetSeconds: 60,
        modelName: 'iris-automl',
        ...settings,
      }),
    );
    expect(res.status, await res.clone().text()).toBe(202);
    const started = await readJson<{ run: AutoMlRun; job: Job }>(res);
    expect(started.run).toMatchObject({ status: 'queued', jobId: started.job.id });
    expect(started.job.kind).toBe('automl');
    const run = await waitFor(
      () => getRun(started.run.id),
      (r) => ENDED.includes(r.status),
    );
    expect(run.error).toBeNull();
    expect(run.status).toBe('succeeded');
    expect(run.leaderboard).toHaveLength(4);
    expect(run.modelVersion).toBe(1);
    expect(run.lineage).toMatchObject({ dataset: { sha256: dataset.sha256, rows: 150 }, seed: 3 });
    expect((run.guardrails ?? []).map((g) => (g as { name: string }).name)).toContain('validation');
    const job = await readJson<Job>(await h.call(`/v1/projects/default/jobs/${started.job.id}`));
    expect(job.status).toBe('succeeded');

    // The core's run with the same settings: the same trials, the same best, the same predictions.
    const table = parseDataset(new TextEncoder().encode(irisCsv), { format: 'csv' });
    const local = await runAutoMl(table, {
      target: 'species',
      timeBudgetSeconds: 60,
      ...settings,
    });
    const strip = (t: unknown) => {
      const { durationMs: _, ...rest } = t as LeaderboardTrial;
      return rest;
    };
    expect(run.leaderboard.map(strip)).toEqual(
      JSON.parse(JSON.stringify(local.leaderboard)).map(strip),
    );
    expect(strip(run.bestTrial)).toEqual(
      strip(JSON.parse(JSON.stringify(local.leaderboard[local.bestTrial]))),
    );

    const version = await readJson<{ format: string; tags: Record<string, string> }>(
      await h.call('/v1/projects/default/models/iris-automl/versions/1'),
    );
    expect(version.format).toBe('automl');
    expect(version.tags).toMatchObject({
      'automl.run': run.id,
      'automl.dataset_sha256': dataset.sha256,
      'automl.seed': '3',
    });
    const [header, ...lines] = irisCsv.trim().split('\n');
    const names = (header as string).split(',');
    const rows = lines
      .slice(0, 150)
      .filter((_, i) => i % 10 === 0)
      .map((line) =>
        Object.fromEntries(
          line
            .split(',')
            .slice(0, 4)
            .map((v, j) => [names[j] as string, Number(v)]),
        ),
      );
    const predicted = await h.call(
      '/v1/projects/default/models/iris-automl/predict',
      json({ rows }),
    );
    expect(predicted.status, await predicted.clone().text()).toBe(200);
    const body = await readJson<{ outputs: number[][] }>(predicted);
    const model = await loadModelArtifact(
      'automl',
      new TextEncoder().encode(JSON.stringify(local.artifact)),
    );
    const expected = await model.predict({
      rows: rows.length,
      cols: 4,
      data: Float64Array.from(
        rows.flatMap((r) => model.inputSchema.features.map((f) => r[f.name] as number)),
      ),
    });
    expect(body.outputs.flat()).toEqual(Array.from(expected));

    const evaluation = await readJson<Evaluation>(
      await h.call(`/v1/projects/default/evaluations/${run.evaluationId}`),
    );
    expect(evaluation).toMatchObject({
      modelName: 'iris-automl',
      version: 1,
      datasetId: dataset.id,
    });
    const accuracy = evaluation.metrics.find((m) => m.name === 'accuracy')?.value as number;
    expect(accuracy).toBeGreaterThan(0.8);
    expect(run.explanation).toMatchObject({ status: 'stored', explainer: 'shap', rows: 5 });

    const listed = await readJson<{ items: AutoMlRun[] }>(
      await h.call(`/v1/projects/default/automl-runs?status=succeeded&datasetId=${dataset.id}`),
    );
    expect(listed.items.map((r) => r.id)).toContain(run.id);
  });

  it('explains a run on mixed columns (text and numbers) on its raw columns', async () => {
    // The label follows the text column for half the rows and the number for the rest.
    const colors = ['red', 'green', 'blue'];
    const lines = ['x,color,label'];
    for (let i = 0; i < 120; i++) {
      const x = ((i * 37) % 100) / 100;
      const color = colors[i % 3] as string;
      lines.push(`${x},${color},${(i % 2 === 0 ? color === 'red' : x > 0.5) ? 'yes' : 'no'}`);
    }
    const upload = await h.call('/v1/projects/default/datasets?format=csv&name=mixed', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: lines.join('\n'),
    });
    expect(upload.status, await upload.clone().text()).toBe(201);
    const mixed = await readJson<Dataset>(upload);
    const res = await h.call(
      '/v1/projects/default/automl-runs',
      json({
        datasetId: mixed.id,
        target: 'label',
        budgetSeconds: 60,
        modelName: 'mixed-automl',
        maxTrials: 2,
        seed: 1,
        families: ['linear'],
      }),
    );
    expect(res.status, await res.clone().text()).toBe(202);
    const started = await readJson<{ run: AutoMlRun }>(res);
    const run = await waitFor(
      () => getRun(started.run.id),
      (r) => ENDED.includes(r.status),
    );
    expect(run.error).toBeNull();
    const explanation = run.explanation as {
      status: string;
      features: string[];
      values: number[][];
    };
    expect(explanation).toMatchObject({ status: 'stored', explainer: 'shap', rows: 5 });
    expect(explanation.features).toEqual(['x', 'color']);
    // The text column gets attributions of its own (it was coded, not read as NaN).
    const colorShap = explanation.values.map((row) => Math.abs(row[1] as number));
    expect(Math.max(...colorShap)).toBeGreaterThan(0.01);
  });

  it('refuses bad requests with a 400 that says what to fix, and an unknown dataset with a 404', async () => {
    const base = { datasetId: dataset.id, target: 'species', budgetSeconds: 5, modelName: 'm' };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ budgetSeconds: 0 }, /budgetSeconds must be at least 1/],
      [{ budgetSeconds: 99999 }, /budgetSeconds must be at most 3600/],
      [{ target: 'colour' }, /no column 'colour'; its columns: sepal_length_cm/],
      [{ excludeColumns: ['species'] }, /the target 'species' cannot be excluded/],
      [{ families: ['xgboost'] }, /families must be among linear/],
      [{ metric: 'auc' }, /metric must be one of/],
      [{ modelName: '' }, /name must not be empty/],
      [{ colour: 'red' }, /colour/],
    ];
    for (const [change, message] of cases) {
      const res = await h.call('/v1/projects/default/automl-runs', json({ ...base, ...change }));
      expect(res.status, JSON.stringify(change)).toBe(400);
      expect((await readJson<ProblemBody>(res)).detail, JSON.stringify(change)).toMatch(message);
    }
    const missing = await h.call(
      '/v1/projects/default/automl-runs',
      json({ ...base, datasetId: '00000000-0000-7000-8000-000000000000' }),
    );
    expect(missing.status).toBe(404);
    expect((await h.call('/v1/projects/default/automl-runs/not-a-run')).status).toBe(400);
  });

  it('a cancelled job leaves a cancelled run and registers nothing', async () => {
    const res = await h.call(
      '/v1/projects/default/automl-runs',
      json({ datasetId: dataset.id, target: 'species', budgetSeconds: 120, modelName: 'never' }),
    );
    expect(res.status, await res.clone().text()).toBe(202);
    const { run, job } = await readJson<{ run: AutoMlRun; job: Job }>(res);
    // Progress counts trials and names the best so far; the leaderboard fills as they end.
    const running = await waitFor(
      async () => readJson<Job>(await h.call(`/v1/projects/default/jobs/${job.id}`)),
      (j) => /^\d+ trials, best /.test(j.progress.message ?? '') || ENDED.includes(j.status),
    );
    expect(running.status).toBe('running');
    expect((await getRun(run.id)).leaderboard.length).toBeGreaterThan(0);
    const cancel = await h.call(`/v1/projects/default/jobs/${job.id}/cancel`, { method: 'POST' });
    expect(cancel.status).toBe(202);
    const ended = await waitFor(
      () => getRun(run.id),
      (r) => ENDED.includes(r.status),
    );
    expect(ended.status).toBe('cancelled');
    expect(ended.modelVersion).toBeNull();
    expect((await h.call('/v1/projects/default/models/never/versions/1')).status).toBe(404);
  });
});
