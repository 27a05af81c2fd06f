import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Harness,
  json,
  type ProblemBody,
  readJson,
  registerSpecVersion,
  startHarness,
} from './harness.js';

// scikit-learn 1.2.1 LogisticRegression on four columns of breast_cancer.csv (the core's
// evaluateModel test has the same coefficients and their reference values).
const FEATURES = ['mean_radius', 'mean_texture', 'mean_smoothness', 'worst_concave_points'];
const MODEL = {
  type: 'logistic',
  coef: [0.986574, 0.215202, 0.800123, 3.370235],
  intercept: -19.273904,
  classes: ['benign', 'malignant'],
  featureNames: FEATURES,
};

/** The first rows of breast_cancer.csv with both classes, as {feature: value} and their labels. */
function sampleRows(): { rows: Record<string, number>[]; labels: string[] } {
  const [header, ...lines] = readFileSync(
    fileURLToPath(new URL('../../../fixtures/datasets/breast_cancer.csv', import.meta.url)),
    'utf8',
  )
    .trim()
    .split('\n');
  const names = (header as string).split(',');
  const picked = [0, 1, 19, 20, 21].map((i) => (lines[i] as string).split(','));
  return {
    rows: picked.map((cells) =>
      Object.fromEntries(FEATURES.map((f) => [f, Number(cells[names.indexOf(f)])])),
    ),
    labels: picked.map((cells) => cells[names.indexOf('diagnosis')] as string),
  };
}

interface Prediction {
  features: string[];
  outputs: number[][];
  predicted: string[];
}

describe('predictions by feature name', () => {
  let h: Harness;
  const { rows, labels } = sampleRows();
  const predict = (body: unknown, model = 'tumour') =>
    h.call(`/v1/projects/default/models/${model}/predict`, json(body));

  beforeAll(async () => {
    h = await startHarness();
    await registerSpecVersion(h, 'tumour', MODEL);
  });
  afterAll(() => h?.close());

  it('gives the same predictions for positional rows, named rows and reordered columns', async () => {
    const positional = rows.map((r) => FEATURES.map((f) => r[f] as number));
    const base = await predict({ rows: positional });
    expect(base.status, await base.clone().text()).toBe(200);
    // Each answer carries its own request id; the rest must be equal.
    const expected = { ...(await readJson<Prediction>(base)), requestId: expect.any(String) };
    // The model is right on these rows (both classes present), so a mix-up would show.
    expect(expected.predicted).toEqual(labels);
    expect(new Set(labels).size).toBe(2);

    // Columns in another order, as a DataFrame with its columns reordered is sent (split orient).
    const reordered = [...FEATURES].reverse();
    const columnar = await predict({
      rows: {
        columns: reordered,
        data: rows.map((r) => reordered.map((f) => r[f] as number)),
        index: [0, 1, 2, 3, 4],
      },
    });
    expect(columnar.status, await columnar.clone().text()).toBe(200);
    expect(await readJson<Prediction>(columnar)).toEqual(expected);

    const keyed = await predict({
      rows: rows.map((r) => Object.fromEntries(reordered.map((f) => [f, r[f]]))),
    });
    expect(keyed.status).toBe(200);
    expect(await readJson<Prediction>(keyed)).toEqual(expected);

    // What the issue saw: the same values positionally in the wrong order are other predictions.
    const wrong = await readJson<Prediction>(
      await predict({ rows: rows.map((r) => reordered.map((f) => r[f] as number)) }),
    );
    expect(wrong.predicted).not.toEqual(labels);
  });

  it('refuses missing and extra columns with a 400 naming them', async () => {
    const misspelt = await predict({
      rows: {
        columns: ['mean_radius', 'mean_textur', 'mean_smoothness', 'worst_concave_points', 'id'],
        data: [[17.99, 10.38, 0.1184, 0.2654, 1]],
      },
    });
    expect(misspelt.status).toBe(400);
    const problem = await readJson<ProblemBody>(misspelt);
    expect(problem.detail).toBe(
      "rows lack the feature 'mean_texture' and have the columns 'mean_textur', 'id', which the model does not take; the model takes 'mean_radius', 'mean_texture', 'mean_smoothness', 'worst_concave_points'",
    );
    expect(problem.errors.map((e) => e.path)).toEqual([
      'rows.columns.mean_texture',
      'rows.columns.mean_textur',
      'rows.columns.id',
    ]);

    const keyed = await predict({ rows: [{ mean_radius: 17.99, mean_texture: 10.38 }] });
    expect(keyed.status).toBe(400);
    expect((await readJson<ProblemBody>(keyed)).detail).toMatch(
      /^rows\[0\] lack the features 'mean_smoothness', 'worst_concave_points'; the model takes/,
    );
  });

  it('refuses a value of the wrong type with a 400 naming its column', async () => {
    const res = await predict({
      rows: [{ ...rows[0], mean_texture: '10.38' }],
    });
    expect(res.status).toBe(400);
    expect((await readJson<ProblemBody>(res)).detail).toBe(
      'row 0 has "10.38" for feature \'mean_texture\'; expected a finite number',
    );
  });

  it('tells a caller sending names to a version without feature names what to do', async () => {
    await registerSpecVersion(h, 'unnamed', { type: 'linear', coef: [2, -1], intercept: 0.5 });
    const res = await predict({ rows: [{ a: 1, b: 1 }] }, 'unnamed');
    expect(res.status).toBe(400);
    expect((await readJson<ProblemBody>(res)).detail).toBe(
      "rows[0] lack the features 'x0', 'x1' and have the columns 'a', 'b', which the model does not take; the model takes 'x0', 'x1' (this version's features have no names: send positional rows in the model's order, or upload a version with an inputSignature naming them)",
    );
  });

  it('matches names against the input signature of a version whose artifact has none', async () => {
    expect((await h.call('/v1/projects/default/models', json({ name: 'signed' }))).status).toBe(
      201,
    );
    const form = new FormData();
    form.append(
      'metadata',
      JSON.stringify({
        inputSignature: {
          features: [
            { name: 'a', type: 'numeric' },
            { name: 'b', type: 'numeric' },
          ],
        },
      }),
    );
    form.append(
      'artifact',
      new Blob([JSON.stringify({ type: 'linear', coef: [2, -1], intercept: 0.5 })]),
    );
    const upload = await h.call('/v1/projects/default/models/signed/versions?format=json', {
      method: 'POST',
      body: form,
    });
    expect(upload.status, await upload.clone().text()).toBe(201);
    const res = await predict(
      {
        rows: [
          { b: 1, a: 1 },
          { b: 3, a: 0 },
        ],
      },
      'signed',
    );
    expect(res.status, await res.clone().text()).toBe(200);
    const body = await readJson<Prediction>(res);
    // x·coef + b: 2·1 − 1 + 0.5 = 1.5 and 0 − 3 + 0.5 = −2.5
    expect(body.outputs).toEqual([[1.5], [-2.5]]);
    expect(body.features).toEqual(['a', 'b']);
  });
});
