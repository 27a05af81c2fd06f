import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { createSpecModel, type Model, type TModelSpec } from '../../models/index.js';
import { explain } from '../explain.js';
import { PFI_MEMORY, permutationImportance } from '../permutationImportance.js';

const here = dirname(fileURLToPath(import.meta.url));
const golden = JSON.parse(
  readFileSync(resolve(here, '../../../../../fixtures/golden/explain.json'), 'utf8'),
) as {
  cases: {
    id: string;
    input: Record<string, unknown>;
    params: Record<string, unknown>;
    expected: Record<string, number[]>;
  }[];
};
const sklearn = JSON.parse(
  readFileSync(join(here, '../../../test/fixtures/pfi-sklearn.json'), 'utf8'),
) as {
  cases: {
    id: string;
    model: TModelSpec;
    X: number[][];
    y: number[];
    params: { scoring: string; nRepeats: number; seed: number; maxSamples: number };
    expected: { importances: number[][] };
  }[];
};

const close = (a: number[][], e: number[][]) => {
  expect(a.length).toBe(e.length);
  a.forEach((row, i) => {
    row.forEach((v, r) => {
      expect(Math.abs(v - (e[i]?.[r] as number))).toBeLessThanOrEqual(
        1e-12 + 1e-9 * Math.abs(e[i]?.[r] as number),
      );
    });
  });
};

describe('permutationImportance(model, X, y, { seed }) reproduces scikit-learn random_state', () => {
  // the golden notes: permutations of sklearn permutation_importance(random_state=0 / 1 / 7)
  for (const [id, seed] of [
    ['permutationImportance-001', 0],
    ['permutationImportance-002', 1],
    ['permutationImportance-003', 7],
  ] as const) {
    it(`${id} with seed ${seed} gives sklearn's importances without explicit permutations`, async () => {
      const c = golden.cases.find((g) => g.id === id);
      if (c === undefined) throw new Error(id);
      const { permutations, ...input } = c.input as { permutations: number[][][] };
      const nRepeats = (permutations[0] as number[][]).length;
      const result = await explain('permutationImportance', input, { ...c.params, nRepeats, seed });
      close(result.importances as number[][], c.expected.importances as unknown as number[][]);
    });
  }

  for (const c of sklearn.cases) {
    it(`${c.id}: maxSamples ${c.params.maxSamples}, scoring ${c.params.scoring} matches sklearn 1.2.1`, async () => {
      const result = await permutationImportance(createSpecModel(c.model), c.X, c.y, c.params);
      close(result.importances as number[][], c.expected.importances);
    });
  }
});

describe('grouped permutation importance', () => {
  const model = createSpecModel({ type: 'linear', coef: [1, 2, -1], intercept: 0 });
  const X = Array.from({ length: 50 }, (_, i) => [Math.sin(i), Math.cos(i * 1.3), (i % 7) / 7]);
  const y = X.map(([a, b, c]) => (a as number) + 2 * (b as number) - (c as number));

  it('a group of one column equals the ungrouped importance of that column', async () => {
    const plain = await permutationImportance(model, X, y, { seed: 3, nRepeats: 4 });
    const grouped = await permutationImportance(model, X, y, {
      seed: 3,
      nRepeats: 4,
      groups: [[1], [0], [2]],
    });
    expect(grouped.importances).toEqual([
      (plain.importances as number[][])[1],
      (plain.importances as number[][])[0],
      (plain.importances as number[][])[2],
    ]);
    expect(grouped.featureNames).toEqual(['x1', 'x0', 'x2']);
  });

  it('permuting a group moves its columns with one row order (explicit permutation)', async () => {
    const reverse = Array.from({ length: 50 }, (_, i) => 49 - i);
    const result = await permutationImportance(model, X, y, {
      groups: [[0, 1]],
      permutations: [[reverse]],
      scoring: 'neg_mean_squared_error',
      groupNames: ['ab'],
    });
    // expected by hand: MSE of y against the prediction with rows of (a, b) reversed
    let mse = 0;
    for (let i = 0; i < 50; i++) {
      const [a, b] = X[49 - i] as number[];
      const pred = (a as number) + 2 * (b as number) - ((X[i] as number[])[2] as number);
      mse += (pred - (y[i] as number)) ** 2 / 50;
    }
    expect(result.featureNames).toEqual(['ab']);
    expect((result.importances as number[][])[0]?.[0]).toBeCloseTo(mse, 12);
  });

  it('rejects a group naming a missing column', async () => {
    await expect(permutationImportance(model, X, y, { groups: [[0, 3]] })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
  });
});

describe("permutationImportance through a model's columnVariants", () => {
  /** The same model without its columnVariants fast path: every repeat goes through predict. */
  const plain = (model: Model): Model => ({
    kind: model.kind,
    inputSchema: model.inputSchema,
    output: model.output,
    predict: (x) => model.predict(x),
    ...(model.predictClasses && { predictClasses: (x) => model.predictClasses?.(x) ?? [] }),
  });
  let seed = 11;
  const rnd = () => {
    seed = (seed * 16807) % 2147483647;
    return 2 * (seed / 2147483647) - 1;
  };
  const X = Array.from({ length: 120 }, () => Array.from({ length: 4 }, rnd));
  const yReg = X.map((row) => (row[0] as number) + 0.5 * (row[1] as number) ** 2 + 0.1 * rnd());
  const yCls = X.map((row) => ((row[0] as number) - (row[2] as number) > 0 ? 1 : 0));
  const mlp: TModelSpec = {
    type: 'mlp',
    layers: [
      {
        weights: Array.from({ length: 4 }, () => Array.from({ length: 5 }, rnd)),
        bias: Array.from({ length: 5 }, rnd),
        activation: 'relu',
      },
      { weights: Array.from({ length: 5 }, () => [rnd()]), bias: [0.1], activation: 'linear' },
    ],
  };
  // [name, model, y, params, model calls: the baseline, then one per chunk of disjoint groups]
  const cases: [string, TModelSpec, number[], Record<string, unknown>, number][] = [
    // [3, 1] overlaps [0, 1], so it goes in a second call
    ['mlp, r2, groups', mlp, yReg, { scoring: 'r2', groups: [[0, 1], [2], [3, 1]] }, 3],
    [
      'mlp, mse, maxSamples 0.5',
      mlp,
      yReg,
      { scoring: 'neg_mean_squared_error', maxSamples: 0.5 },
      2,
    ],
    ['linear, r2, 7 repeats', { type: 'linear', coef: [1, -2, 0.5, 3] }, yReg, { nRepeats: 7 }, 2],
    [
      'logistic, accuracy',
      { type: 'logistic', coef: [2, 0.1, -2, 0] },
      yCls,
      { scoring: 'accuracy' },
      2,
    ],
    [
      'logistic, roc_auc',
      { type: 'logistic', coef: [2, 0.1, -2, 0] },
      yCls,
      { scoring: 'roc_auc' },
      2,
    ],
  ];
  for (const [name, spec, y, params, calls] of cases) {
    it(`${name}: the same importances as predict on permuted copies of X`, async () => {
      const model = createSpecModel(spec);
      expect(model.columnVariants).toBeDefined();
      const options = { seed: 5, ...params };
      const fast = await permutationImportance(model, X, y, options);
      const slow = await permutationImportance(plain(model), X, y, options);
      close(fast.importances as number[][], slow.importances as number[][]);
      expect(fast.timing.modelCalls).toBe(calls);
    });
  }

  it('explicit permutations: the same importances as predict on permuted copies of X', async () => {
    const model = createSpecModel(mlp);
    const shuffled = () => {
      const p = Array.from({ length: 120 }, (_, i) => i);
      for (let i = 119; i > 0; i--) {
        const j = Math.floor(((rnd() + 1) / 2) * (i + 1)) % (i + 1);
        [p[i], p[j]] = [p[j] as number, p[i] as number];
      }
      return p;
    };
    const permutations = [0, 1, 2, 3].map(() => [shuffled(), shuffled()]);
    const fast = await permutationImportance(model, X, yReg, { permutations });
    const slow = await permutationImportance(plain(model), X, yReg, { permutations });
    close(fast.importances as number[][], slow.importances as number[][]);
  });
});

describe('permutationImportance within memory bounds', () => {
  let seed = 23;
  const rnd = () => {
    seed = (seed * 16807) % 2147483647;
    return 2 * (seed / 2147483647) - 1;
  };
  const X = Array.from({ length: 60 }, () => Array.from({ length: 5 }, rnd));
  const y = X.map((row) => (row[0] as number) - (row[3] as number) ** 2 + 0.1 * rnd());
  const model = createSpecModel({
    type: 'mlp',
    layers: [
      {
        weights: Array.from({ length: 5 }, () => Array.from({ length: 6 }, rnd)),
        bias: Array.from({ length: 6 }, rnd),
        activation: 'relu',
      },
      { weights: Array.from({ length: 6 }, () => [rnd()]), bias: [0.2], activation: 'linear' },
    ],
  });
  const saved = { ...PFI_MEMORY };
  afterEach(() => Object.assign(PFI_MEMORY, saved));

  for (const [name, bounds, calls] of [
    // 2 repeats per call: three calls per chunk of features, at most 4 columns per chunk
    [
      'repeats and features split across calls',
      { stackedValues: 120, chunkValues: 480 },
      1 + 2 * 3,
    ],
    // shuffles redrawn per feature, one feature per call; columns copied one by one
    ['shuffles not cached', { cachedShuffleIndices: 100, stackedValues: 120 }, 1 + 4 * 3],
  ] as const) {
    it(`${name}: the same importances as with the default bounds`, async () => {
      const options = { seed: 3, nRepeats: 5, groups: [[0], [1, 2], [3], [4]] };
      const plain = await permutationImportance(model, X, y, options);
      Object.assign(PFI_MEMORY, bounds);
      const bounded = await permutationImportance(model, X, y, options);
      close(bounded.importances as number[][], plain.importances as number[][]);
      expect(bounded.timing.modelCalls).toBe(calls);
    });
  }
});
