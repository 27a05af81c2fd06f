import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  goldenCase,
  type Harness,
  json,
  type ProblemBody,
  readJson,
  startHarness,
} from './harness.js';

describe('explanations over HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('lists the explainers with their schemas', async () => {
    const { items } = await readJson<{ items: { name: string }[] }>(await h.call('/v1/explainers'));
    expect(items.map((e) => e.name)).toEqual(
      expect.arrayContaining(['shap', 'permutationImportance', 'surrogate']),
    );
  });

  it('answers exact SHAP as the reference case says (shap 0.46 ExactExplainer)', async () => {
    const golden = goldenCase('explain', 'shap-003');
    const res = await h.call(
      '/v1/explanations',
      json({ method: 'shap', input: golden.input, params: golden.params }),
    );
    expect(res.status).toBe(200);
    const body = await readJson<{ values: number[][]; baseValue: number; signature: string }>(res);
    const expected = golden.expected as { values: number[][]; baseValue: number };
    expect(body.baseValue).toBeCloseTo(expected.baseValue, 9);
    expect(body.values.length).toBe(expected.values.length);
    for (const [i, row] of body.values.entries()) {
      for (const [j, v] of row.entries())
        expect(v).toBeCloseTo(expected.values[i]?.[j] as number, 9);
    }
    expect(body.signature).toMatch(/exact/);
  });

  it('refuses bad input with a 400 that names the field', async () => {
    const golden = goldenCase('explain', 'shap-010');
    const res = await h.call(
      '/v1/explanations',
      json({ method: 'shap', input: golden.input, params: golden.params }),
    );
    expect(res.status).toBe(400);
    expect((await readJson<ProblemBody>(res)).detail).toMatch(/activation/);
    const unknown = await h.call('/v1/explanations', json({ method: 'lime', input: {} }));
    expect(unknown.status).toBe(400);
  });
});
