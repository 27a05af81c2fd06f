import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIABETES_MODEL, diabetesCsv, DIABETES_MSE as MSE, DIABETES_R2 as R2 } from './diabetes.js';
import {
  type Harness,
  json,
  type ProblemBody,
  readJson,
  registerSpecVersion,
  startHarness,
} from './harness.js';

interface Evaluation {
  id: string;
  version: number;
  dataset: { rows: number; columns: string[]; sha256: string };
  metrics: { name: string; value: number; confidenceInterval?: { lower: number; upper: number } }[];
}

describe('predictions and batch evaluations of a registered version', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await registerSpecVersion(h, 'progression', DIABETES_MODEL);
    const promote = await h.call('/v1/projects/default/models/progression/aliases/production', {
      ...json({ version: 1 }),
      method: 'PUT',
    });
    expect(promote.status).toBe(200);
  });
  afterAll(() => h?.close());

  it('predicts rows with the version an alias points at', async () => {
    const res = await h.call(
      '/v1/projects/default/models/progression/predict',
      json({
        alias: 'production',
        rows: [
          [59, 2, 32.1, 101, 157, 93.2, 38, 4, 4.8598, 87],
          [48, 1, 21.6, 87, 183, 103.2, 70, 3, 3.8918, 69],
        ],
      }),
    );
    expect(res.status).toBe(200);
    const body = await readJson<{ version: number; kind: string; outputs: number[][] }>(res);
    expect(body).toMatchObject({ version: 1, kind: 'regression' });
    // python3: (X[:2] @ coef + intercept).tolist() → [206.11671007500001, 68.07107707499995]
    expect(body.outputs[0]?.[0]).toBeCloseTo(206.11671007500001, 9);
    expect(body.outputs[1]?.[0]).toBeCloseTo(68.07107707499995, 9);
  });

  it('refuses rows of the wrong width with a 400, and an unknown alias with a 404', async () => {
    const wide = await h.call(
      '/v1/projects/default/models/progression/predict',
      json({ rows: [[1, 2, 3]] }),
    );
    expect(wide.status).toBe(400);
    expect((await readJson<ProblemBody>(wide)).detail).toMatch(/takes 10 features/);
    const alias = await h.call(
      '/v1/projects/default/models/progression/predict',
      json({ alias: 'staging', rows: [[1]] }),
    );
    expect(alias.status).toBe(404);
  });

  it('runs a batch test on a CSV dataset, stores it with the data’s fingerprint and intervals', async () => {
    const res = await h.call(
      '/v1/projects/default/evaluations',
      json({
        model: 'progression',
        alias: 'production',
        dataset: { format: 'csv', content: diabetesCsv },
        target: 'progression',
        metrics: [{ name: 'r2' }, { name: 'mse' }],
        confidence: { nResamples: 200, seed: 7 },
      }),
    );
    expect(res.status, await res.clone().text()).toBe(201);
    const { evaluation } = await readJson<{ evaluation: Evaluation }>(res);
    expect(evaluation.version).toBe(1);
    expect(evaluation.dataset).toMatchObject({ rows: 442 });
    expect(evaluation.dataset.columns.at(-1)).toBe('progression');
    const [r2, mse] = evaluation.metrics;
    expect(r2?.value).toBeCloseTo(R2, 10);
    expect(mse?.value).toBeCloseTo(MSE, 7);
    expect(r2?.confidenceInterval?.lower).toBeLessThan(R2);
    expect(r2?.confidenceInterval?.upper).toBeGreaterThan(R2);

    const stored = await readJson<Evaluation>(
      await h.call(`/v1/projects/default/evaluations/${evaluation.id}`),
    );
    expect(stored.metrics).toEqual(evaluation.metrics);
    const listed = await readJson<{ items: { id: string }[] }>(
      await h.call('/v1/projects/default/evaluations?model=progression&version=1'),
    );
    expect(listed.items.map((e) => e.id)).toEqual([evaluation.id]);

    // A promotion can cite the report it rests on.
    const cite = await h.call('/v1/projects/default/models/progression/aliases/champion', {
      ...json({ version: 1, evaluationId: evaluation.id, reason: 'r2 above 0.5' }),
      method: 'PUT',
    });
    expect(cite.status).toBe(200);
  });

  it('refuses a dataset without the target column, naming it', async () => {
    const res = await h.call(
      '/v1/projects/default/evaluations',
      json({
        model: 'progression',
        dataset: { format: 'csv', content: 'a,b\n1,2\n' },
        target: 'progression',
        metrics: [{ name: 'r2' }],
      }),
    );
    expect(res.status).toBe(400);
    expect((await readJson<ProblemBody>(res)).detail).toMatch(/progression/);
  });
});
