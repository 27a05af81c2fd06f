/**
 * An AutoML pipeline (the core's runAutoMl on rows of fair.csv: numbers and text categories) as a
 * registered version of format `automl`: it uploads like any artifact, predicts raw named rows
 * (text, null for missing, unseen categories) as the core's loaded model does, and batch-tests a
 * CSV with text columns.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadModelArtifact, parseDataset } from '@assay/core';
import { runAutoMl } from '@assay/core/automl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, json, type ProblemBody, readJson, startHarness } from './harness.js';

// Every 16th row of fair.csv (about 400; the file is sorted by the target).
const [header, ...lines] = readFileSync(
  fileURLToPath(new URL('../../../fixtures/datasets/fair.csv', import.meta.url)),
  'utf8',
)
  .trim()
  .split('\n');
const csv = [header, ...lines.filter((_, i) => i % 16 === 0)].join('\n');

describe('AutoML pipelines as registered versions', () => {
  let h: Harness;
  let artifact: string;
  beforeAll(async () => {
    h = await startHarness();
    const table = parseDataset(new TextEncoder().encode(csv), { format: 'csv' });
    const result = await runAutoMl(table, { target: 'had_affair', maxTrials: 2, seed: 1 });
    artifact = JSON.stringify(result.artifact);
    const model = await h.call('/v1/projects/default/models', json({ name: 'affairs' }));
    expect(model.status).toBe(201);
    const upload = await h.call('/v1/projects/default/models/affairs/versions?format=automl', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: artifact,
    });
    expect(upload.status, await upload.clone().text()).toBe(201);
  });
  afterAll(() => h?.close());

  it('predicts raw rows (text, gaps, unseen categories) as the core’s loaded model', async () => {
    const rows = [
      {
        rate_marriage: 3,
        age: 32,
        yrs_married: 9,
        children: 3,
        religious: 3,
        educ: 17,
        occupation: 'white-collar',
        occupation_husb: 'managerial or business',
      },
      {
        rate_marriage: 5,
        age: 22,
        yrs_married: null,
        children: 0,
        religious: 2,
        educ: 14,
        occupation: 'astronaut',
        occupation_husb: null,
      },
    ];
    const res = await h.call('/v1/projects/default/models/affairs/predict', json({ rows }));
    expect(res.status, await res.clone().text()).toBe(200);
    const body = await readJson<{ outputs: number[][]; predicted: string[] }>(res);
    const model = await loadModelArtifact('automl', new TextEncoder().encode(artifact));
    const x = {
      rows: 2,
      cols: 8,
      data: Float64Array.from(
        rows.flatMap((r) =>
          model.inputSchema.features.map(
            (f, j) => model.rawValue?.(j, (r as Record<string, unknown>)[f.name]) as number,
          ),
        ),
      ),
    };
    const expected = await model.predict(x);
    expect(body.outputs.map((o) => o[0])).toEqual(Array.from(expected));
    expect(body.predicted.every((p) => p === 'yes' || p === 'no')).toBe(true);
  });

  it('refuses a value of the wrong type with a 400 naming the feature', async () => {
    const res = await h.call(
      '/v1/projects/default/models/affairs/predict',
      json({
        rows: [
          {
            rate_marriage: 'high',
            age: 32,
            yrs_married: 9,
            children: 3,
            religious: 3,
            educ: 17,
            occupation: 'student',
            occupation_husb: 'student',
          },
        ],
      }),
    );
    expect(res.status).toBe(400);
    expect((await readJson<ProblemBody>(res)).detail).toContain(
      'feature \'rate_marriage\' has "high"',
    );
  });

  it('batch-tests a CSV with text columns', async () => {
    const res = await h.call(
      '/v1/projects/default/evaluations',
      json({
        model: 'affairs',
        dataset: { format: 'csv', content: csv },
        target: 'had_affair',
        metrics: [{ name: 'accuracy' }],
      }),
    );
    expect(res.status, await res.clone().text()).toBe(201);
    const { evaluation } = await readJson<{ evaluation: { metrics: { value: number }[] } }>(res);
    expect(evaluation.metrics[0]?.value).toBeGreaterThan(0.6);
  });

  it('explains a numeric AutoML regressor through the explanations route (SHAP adds up)', async () => {
    const diabetes = readFileSync(
      fileURLToPath(new URL('../../../fixtures/datasets/diabetes.csv', import.meta.url)),
      'utf8',
    );
    const table = parseDataset(new TextEncoder().encode(diabetes), { format: 'csv' });
    const run = await runAutoMl(table, { target: 'progression', maxTrials: 2 });
    expect(run.task).toBe('regression');
    const created = await h.call(
      '/v1/projects/default/models',
      json({ name: 'progression-automl' }),
    );
    expect(created.status).toBe(201);
    const upload = await h.call(
      '/v1/projects/default/models/progression-automl/versions?format=automl',
      {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: JSON.stringify(run.artifact),
      },
    );
    expect(upload.status, await upload.clone().text()).toBe(201);
    const rows = diabetes
      .trim()
      .split('\n')
      .slice(1, 24)
      .map((line) => line.split(',').slice(0, 10).map(Number));
    const res = await h.call(
      '/v1/projects/default/explanations',
      json({
        method: 'shap',
        model: { name: 'progression-automl', version: 1 },
        input: { background: rows.slice(0, 20), instances: rows.slice(20, 23) },
        params: { method: 'exact' },
      }),
    );
    expect(res.status, await res.clone().text()).toBe(200);
    const explanation = await readJson<{ values: number[][]; baseValue: number }>(res);
    const model = await loadModelArtifact(
      'automl',
      new TextEncoder().encode(JSON.stringify(run.artifact)),
    );
    const predicted = await model.predict({
      rows: 3,
      cols: 10,
      data: Float64Array.from(rows.slice(20, 23).flat()),
    });
    explanation.values.forEach((phi, i) => {
      const total = phi.reduce((a, v) => a + v, explanation.baseValue);
      expect(total).toBeCloseTo(predicted[i] as number, 8);
    });
  });

  it('refuses a malformed automl artifact with a 400', async () => {
    const upload = await h.call('/v1/projects/default/models/affairs/versions?format=automl', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: JSON.stringify({ format: 'assay-automl', version: 1 }),
    });
    expect(upload.status).toBe(400);
    expect((await readJson<ProblemBody>(upload)).detail).toMatch(/invalid assay-automl artifact/);
  });
});
