import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { createSpecModel, type TModelSpec } from '../../models/index.js';
import { shapValues } from '../shap/shap.js';

const here = dirname(fileURLToPath(import.meta.url));
interface ShapCase {
  id: string;
  input: { model: TModelSpec; background: number[][]; instances: number[][] };
  expected: { values: number[][]; baseValue: number };
}
const golden = (
  JSON.parse(
    readFileSync(resolve(here, '../../../../../fixtures/golden/explain.json'), 'utf8'),
  ) as {
    cases: (ShapCase & { metric: string; expected?: unknown })[];
  }
).cases.filter((c) => c.metric === 'shap' && c.expected !== undefined);

function expectClose(actual: number[][], expected: number[][], tol: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => {
    row.forEach((v, j) => {
      const e = expected[i]?.[j] as number;
      expect(Math.abs(v - e), `[${i}][${j}] ${v} vs ${e}`).toBeLessThanOrEqual(
        tol * Math.max(1, Math.abs(e)),
      );
    });
  });
}

describe('kernel SHAP', () => {
  for (const c of golden) {
    it(`${c.id}: with nSamples ≥ 2^M − 2 every coalition is enumerated and φ equals shap's exact values`, async () => {
      const m = (c.input.background[0] as number[]).length;
      const result = await shapValues(
        createSpecModel(c.input.model),
        c.input.background,
        c.input.instances,
        {
          method: 'kernel',
          nSamples: 2 ** m,
          seed: 1,
        },
      );
      expect(result.algorithm).toBe('kernel');
      expectClose(result.values as number[][], c.expected.values, 1e-9);
      expect(result.baseValue).toBeCloseTo(c.expected.baseValue, 12);
    });
  }

  it('with fewer samples than coalitions it is seeded, additive, and close to exact', async () => {
    const spec: TModelSpec = {
      type: 'mlp',
      layers: [
        {
          weights: Array.from({ length: 12 }, (_, i) => [Math.sin(i), Math.cos(i), 0.3]),
          bias: [0.1, -0.2, 0],
          activation: 'tanh',
        },
        { weights: [[1], [-0.5], [0.8]], bias: [0], activation: 'linear' },
      ],
    };
    const model = createSpecModel(spec);
    const bg = Array.from({ length: 20 }, (_, r) =>
      Array.from({ length: 12 }, (_, j) => Math.sin(r * 3 + j)),
    );
    const x = [Array.from({ length: 12 }, (_, j) => Math.cos(j))];
    const a = await shapValues(model, bg, x, { method: 'kernel', nSamples: 600, seed: 7 });
    const b = await shapValues(model, bg, x, { method: 'kernel', nSamples: 600, seed: 7 });
    expect(a.values).toEqual(b.values);
    expect(a.seed).toBe(7);
    expect(a.additivity?.maxAbsResidual).toBeLessThan(1e-10);
    const exact = await shapValues(model, bg, x, { method: 'exact' });
    expectClose(a.values as number[][], exact.values as number[][], 2e-2);
  });

  it('batches that split instances and coalitions anywhere (and instances with 0 or 1 varying features) do not change φ', async () => {
    const coef = Array.from({ length: 12 }, (_, j) => Math.cos(j));
    const model = createSpecModel({
      type: 'mlp',
      layers: [
        {
          weights: coef.map((w, j) => [w, Math.sin(j), 0.2]),
          bias: [0.1, -0.3, 0],
          activation: 'relu',
        },
        { weights: [[1], [-0.7], [0.5]], bias: [0.2], activation: 'linear' },
      ],
    });
    // every background row differs from every other in every feature
    const bg = Array.from({ length: 3 }, (_, r) => coef.map((_, j) => (r === 0 ? 0 : j + r)));
    const x = [
      coef.map((_, j) => 1 + Math.sin(2 * j)),
      coef.map(() => 0),
      coef.map((_, j) => (j === 4 ? 9 : 0)),
      coef.map((_, j) => 1 + Math.cos(3 * j)),
    ];
    const opts = { method: 'kernel', nSamples: 300, seed: 11 } as const;
    const one = await shapValues(model, bg, x, opts);
    // 3 background rows: 2 coalitions per predict call of 7 rows, 1 per call of 4 rows
    for (const batchRows of [7, 4]) {
      const split = await shapValues(model, bg, x, { ...opts, batchRows });
      expect(split.values).toEqual(one.values);
      expect(split.timing.modelCalls).toBeGreaterThan(one.timing.modelCalls);
    }
    // against an all-zero background, x[1] varies in no feature and x[2] only in feature 4
    const bgSame = bg.map(() => coef.map(() => 0));
    const pinned = await shapValues(model, bgSame, x, opts);
    const v = pinned.values as number[][];
    expect(v[1]).toEqual(coef.map(() => 0));
    const f2 = ((pinned.expectedOutputs as number[])[2] as number) - (pinned.baseValue as number);
    expect(v[2]).toEqual(coef.map((_, j) => (j === 4 ? f2 : 0)));
    const split = await shapValues(model, bgSame, x, { ...opts, batchRows: 1 });
    expect(split.values).toEqual(pinned.values);
  });
});

describe('permutation SHAP', () => {
  it('is exact for a linear model (no interactions) and additive', async () => {
    const c = golden.find((g) => g.id === 'shap-001') as ShapCase;
    const result = await shapValues(
      createSpecModel(c.input.model),
      c.input.background,
      c.input.instances,
      {
        method: 'permutation',
        seed: 3,
      },
    );
    expectClose(result.values as number[][], c.expected.values, 1e-12);
    expect(result.additivity?.maxAbsResidual).toBeLessThan(1e-12);
  });

  it('with one antithetic permutation is exact up to pairwise interactions (M = 2 MLP)', async () => {
    const c = golden.find((g) => g.id === 'shap-003') as ShapCase;
    const result = await shapValues(
      createSpecModel(c.input.model),
      c.input.background,
      c.input.instances,
      {
        method: 'permutation',
        maxEvals: 5000,
        seed: 11,
      },
    );
    expect(result.additivity?.maxAbsResidual).toBeLessThan(1e-12);
    expectClose(result.values as number[][], c.expected.values, 5e-2);
  });

  it('refuses a budget below 2M + 1 evaluations', async () => {
    const c = golden.find((g) => g.id === 'shap-003') as ShapCase;
    await expect(
      shapValues(createSpecModel(c.input.model), c.input.background, c.input.instances, {
        method: 'permutation',
        maxEvals: 5,
      }),
    ).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe('shapValues options', () => {
  const c = golden.find((g) => g.id === 'shap-004') as ShapCase;
  const model = createSpecModel(c.input.model);

  it('batching coalitions into small predict calls does not change φ', async () => {
    const big = await shapValues(model, c.input.background, c.input.instances, { method: 'exact' });
    const small = await shapValues(model, c.input.background, c.input.instances, {
      method: 'exact',
      batchRows: 7,
    });
    expectClose(small.values as number[][], big.values as number[][], 1e-13);
    expect(small.timing.modelCalls).toBeGreaterThan(big.timing.modelCalls);
    // 2 calls for base value and f(x), then one batch of 2 × 32 coalitions × 20 background rows
    expect(big.timing.modelCalls).toBe(3);
    expect(big.timing.modelRows).toBe(20 + 2 + 2 * 32 * 20);
  });

  it("auto follows shap's rule: exact up to 10 features, permutation above", async () => {
    const auto = await shapValues(model, c.input.background, c.input.instances, {});
    expect(auto.algorithm).toBe('exact');
    expect(auto.signature).toMatch(/^method:exact\|link:identity\|nbg:20\|/);
    const wide = createSpecModel({
      type: 'linear',
      coef: Array.from({ length: 11 }, (_, i) => i),
      intercept: 0,
    });
    const bg = [Array.from({ length: 11 }, () => 0)];
    const r = await shapValues(wide, bg, [Array.from({ length: 11 }, () => 1)], { seed: 1 });
    expect(r.algorithm).toBe('permutation');
    expect(r.values).toEqual([Array.from({ length: 11 }, (_, i) => i)]);
  });

  it('the logit link explains log-odds: for a logistic model φ are w·(x − b) with one background row', async () => {
    const logistic = createSpecModel({ type: 'logistic', coef: [1.5, -2], intercept: 0.3 });
    const r = await shapValues(logistic, [[0.2, 0.4]], [[1, -1]], {
      method: 'exact',
      link: 'logit',
    });
    expectClose(r.values as number[][], [[1.5 * 0.8, -2 * -1.4]], 1e-12);
    expect(r.baseValue).toBeCloseTo(0.3 + 1.5 * 0.2 - 2 * 0.4, 12);
  });

  it('reports mean |φ| per feature and additivity residuals', async () => {
    const r = await shapValues(model, c.input.background, c.input.instances, { method: 'exact' });
    const v = r.values as number[][];
    expect(r.globalImportance[0]).toBeCloseTo(
      (Math.abs(v[0]?.[0] as number) + Math.abs(v[1]?.[0] as number)) / 2,
      14,
    );
    expect(r.additivity?.residuals).toHaveLength(2);
    expect(r.additivity?.maxAbsResidual).toBeLessThan(1e-12);
  });

  it('exact works through instances in blocks (12 features: 256 instances per block, 300 instances)', async () => {
    const coef = Array.from({ length: 12 }, (_, j) => j - 5.5);
    const linear = createSpecModel({ type: 'linear', coef, intercept: 1 });
    const bg = [Array.from({ length: 12 }, (_, j) => j / 10)];
    const inst = Array.from({ length: 300 }, (_, i) =>
      Array.from({ length: 12 }, (_, j) => Math.sin(i + j)),
    );
    const r = await shapValues(linear, bg, inst, { method: 'exact' });
    const v = r.values as number[][];
    for (const i of [0, 255, 256, 299]) {
      v[i]?.forEach((phi, j) => {
        expect(phi).toBeCloseTo((coef[j] as number) * (Math.sin(i + j) - j / 10), 10);
      });
    }
  });

  it('exact refuses more than 16 features', async () => {
    const wide = createSpecModel({
      type: 'linear',
      coef: Array.from({ length: 17 }, () => 1),
      intercept: 0,
    });
    await expect(
      shapValues(
        wide,
        [Array.from({ length: 17 }, () => 0)],
        [Array.from({ length: 17 }, () => 1)],
        { method: 'exact' },
      ),
    ).rejects.toThrow(/\(17\); the limit is 16 \(maxExactShapFeatures\)/);
  });
});
