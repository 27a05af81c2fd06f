import { describe, expect, it } from 'vitest';
import { createDataTable } from '../../../data/createDataTable.js';
import type { DataTable } from '../../../data/types.js';
import { InvalidInputError } from '../../../errors/index.js';
import type { Matrix } from '../../../linalg/index.js';
import { createSpecModel } from '../../../models/specModel.js';
import type { Model } from '../../../models/types.js';
import { evaluateModel } from '../../evaluateModel.js';
import type { EvaluationMetricRequest, ModelEvaluation } from '../../types.js';
import { evaluateShard } from '../evaluateShard.js';
import {
  addExpansions,
  addProductToExpansion,
  addToExpansion,
  centeredSumOfSquares,
  roundExpansion,
} from '../exactSum.js';
import { finishShardedEvaluation } from '../finishShardedEvaluation.js';
import { mergeShardStates } from '../mergeShardStates.js';
import type { EvaluationShardState, RowRange } from '../types.js';

/** mulberry32: a small seeded generator, so every run draws the same data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cut points of `rows` into shards: the given sizes (0 and 1 allowed), the rest in the last. */
function ranges(rows: number, sizes: number[]): RowRange[] {
  const out: RowRange[] = [];
  let start = 0;
  for (const size of sizes) {
    const end = Math.min(rows, start + size);
    out.push({ start, end });
    start = end;
  }
  out.push({ start, end: rows });
  return out;
}

/** Random uneven splits with empty and one-row shards among them. */
function randomSplits(rows: number, rand: () => number): RowRange[][] {
  const splits: RowRange[][] = [
    [{ start: 0, end: rows }],
    ranges(rows, [0]),
    ranges(rows, [1, 0, 1]),
    ranges(rows, [rows - 1]),
    ranges(rows, [Math.floor(rows / 3), 0, 1, Math.floor(rows / 5)]),
  ];
  for (let s = 0; s < 3; s++) {
    const sizes: number[] = [];
    for (let k = 0; k < 2 + Math.floor(rand() * 10); k++)
      sizes.push(Math.floor(rand() * (rows / 4)));
    splits.push(ranges(rows, sizes));
  }
  return splits;
}

function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Through JSON, as a job result is stored. */
const viaJson = (s: EvaluationShardState): EvaluationShardState => JSON.parse(JSON.stringify(s));

const relative = (a: number, b: number) =>
  a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

/** Metrics merged from integer counts: bit for bit. Others: within `tolerance` relative. */
const BIT_EXACT = new Set([
  'accuracy',
  'averagePrecision',
  'balancedAccuracy',
  'cohenKappa',
  'confusionMatrix',
  'f1',
  'fbeta',
  'matthewsCorrcoef',
  'precision',
  'precisionRecallCurve',
  'recall',
  'rocAuc',
  'rocCurve',
]);

function expectSame(sharded: ModelEvaluation, whole: ModelEvaluation, tolerance = 1e-12) {
  expect(sharded.rows).toBe(whole.rows);
  expect(sharded.task).toBe(whole.task);
  expect(sharded.features).toEqual(whole.features);
  sharded.metrics.forEach((m, i) => {
    const w = whole.metrics[i] as (typeof whole.metrics)[number];
    expect(m.name).toBe(w.name);
    expect(m.params).toEqual(w.params);
    expect(m.signature).toBe(w.signature);
    if (BIT_EXACT.has(m.name)) {
      // toStrictEqual compares numbers with Object.is: the same double, bit for bit
      expect(m.result, m.name).toStrictEqual(w.result);
      expect(Object.is(m.value, w.value), m.name).toBe(true);
    } else {
      expect(relative(m.value as number, w.value as number), m.name).toBeLessThanOrEqual(tolerance);
    }
  });
  const [s, w] = [sharded.predictions, whole.predictions];
  if (s.task === 'regression' && w.task === 'regression') {
    expect(s.min).toBe(w.min);
    expect(s.max).toBe(w.max);
    expect(relative(s.mean, w.mean)).toBeLessThanOrEqual(tolerance);
    expect(relative(s.std, w.std)).toBeLessThanOrEqual(tolerance);
  } else if (s.task !== 'regression' && w.task !== 'regression') {
    s.classes.forEach((c, i) => {
      const wc = w.classes[i] as (typeof w.classes)[number];
      expect([c.label, c.actual, c.predicted]).toEqual([wc.label, wc.actual, wc.predicted]);
      expect(relative(c.meanProbability, wc.meanProbability)).toBeLessThanOrEqual(tolerance);
    });
  } else {
    throw new Error('tasks differ');
  }
}

/**
 * Evaluates every split shard by shard (each state through JSON), finishes the shards in their
 * order, in a shuffled order and merged pairwise in another grouping, and compares each with the
 * unsharded evaluateModel. The three finishes must also agree among themselves bit for bit (the
 * merge is exact, so associative and commutative).
 */
async function checkSplits(
  model: Model,
  table: DataTable,
  target: string,
  metrics: EvaluationMetricRequest[],
  seed: number,
  tolerance = 1e-12,
) {
  const rand = random(seed);
  const whole = await evaluateModel({ model, table, target, metrics });
  for (const split of randomSplits(table.rows, rand)) {
    const states = await Promise.all(
      split.map(async (rowRange) =>
        viaJson(await evaluateShard({ model, table, target, metrics, rowRange, batchRows: 37 })),
      ),
    );
    const inOrder = finishShardedEvaluation(states);
    expectSame(inOrder, whole, tolerance);
    const shuffledStates = shuffled(states, rand);
    const reordered = finishShardedEvaluation(shuffledStates);
    // ((s0 s1) (s2 s3)) … : another grouping, each partial merge through JSON
    const pairs: EvaluationShardState[] = [];
    for (let i = 0; i < shuffledStates.length; i += 2)
      pairs.push(viaJson(mergeShardStates(shuffledStates.slice(i, i + 2))));
    const grouped = finishShardedEvaluation(pairs.reverse());
    for (const other of [reordered, grouped]) {
      expect(other.metrics.map((m) => m.result)).toStrictEqual(
        inOrder.metrics.map((m) => m.result),
      );
      expect(other.predictions).toStrictEqual(inOrder.predictions);
    }
  }
}

function randomTable(rows: number, seed: number, ties: boolean): DataTable {
  const rand = random(seed);
  const x1 = new Float64Array(rows);
  const x2 = new Float64Array(rows);
  const y: string[] = [];
  const yNumber = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    // ties: few distinct feature values, so many rows share a score (ROC AUC's tied runs)
    x1[i] = ties ? Math.floor(rand() * 5) : rand() * 4 - 2;
    x2[i] = ties ? Math.floor(rand() * 3) : rand() * 4 - 2;
    const p =
      1 / (1 + Math.exp(-((x1[i] as number) - 2 * (x2[i] as number) + 0.5 * (rand() - 0.5) * 4)));
    y.push(rand() < p ? 'yes' : 'no');
    yNumber[i] = 1e6 + 3 * (x1[i] as number) - (x2[i] as number) + (rand() - 0.5);
  }
  return createDataTable([
    { name: 'x1', kind: 'numeric', values: x1 },
    { name: 'x2', kind: 'numeric', values: x2 },
    { name: 'label', kind: 'label', values: y },
    { name: 'value', kind: 'numeric', values: yNumber },
  ]);
}

const BINARY_METRICS: EvaluationMetricRequest[] = [
  { name: 'accuracy' },
  { name: 'precision' },
  { name: 'recall' },
  { name: 'f1' },
  { name: 'f1', params: { posLabel: 'no' } },
  { name: 'f1', params: { average: 'macro' } },
  { name: 'f1', params: { average: 'micro' } },
  { name: 'precision', params: { average: 'weighted' } },
  { name: 'fbeta', params: { beta: 0.5 } },
  { name: 'confusionMatrix' },
  { name: 'confusionMatrix', params: { normalize: 'true' } },
  { name: 'balancedAccuracy' },
  { name: 'cohenKappa' },
  { name: 'matthewsCorrcoef' },
  { name: 'rocAuc' },
  { name: 'rocAuc', params: { posLabel: 'no' } },
  { name: 'averagePrecision' },
  { name: 'rocCurve' },
  { name: 'rocCurve', params: { dropIntermediate: false } },
  { name: 'precisionRecallCurve' },
  { name: 'logLoss' },
  { name: 'brierScore' },
];

describe('evaluateShard + finishShardedEvaluation equal evaluateModel on all rows', () => {
  const logistic = createSpecModel({
    type: 'logistic',
    coef: [1.3, -2.1],
    intercept: 0.2,
    classes: ['no', 'yes'],
    featureNames: ['x1', 'x2'],
  });

  it('binary classifier, distinct scores: counted metrics bit for bit, logLoss and brierScore within 1e-12', async () => {
    await checkSplits(logistic, randomTable(997, 1, false), 'label', BINARY_METRICS, 11);
  });

  it('binary classifier, many tied scores (15 distinct): the same', async () => {
    await checkSplits(logistic, randomTable(1201, 2, true), 'label', BINARY_METRICS, 12);
  });

  it('multiclass classifier: micro/macro/weighted f1, confusionMatrix, one-vs-rest rocAuc, logLoss', async () => {
    const table = randomTable(803, 3, true);
    const classes = ['a', 'b', 'c'];
    const label = table.column('x1').values as Float64Array;
    const multi = createDataTable([
      table.column('x1'),
      table.column('x2'),
      {
        name: 'label',
        kind: 'label',
        values: Array.from(label, (v, i) => classes[(v + i) % 3] as string),
      },
    ]);
    const softmax: Model = {
      kind: 'test:softmax',
      inputSchema: {
        features: [
          { name: 'x1', type: 'numeric' },
          { name: 'x2', type: 'numeric' },
        ],
      },
      output: { kind: 'probabilities', classes: ['c', 'a', 'b'] },
      predict(x: Matrix) {
        const out = new Float64Array(x.rows * 3);
        for (let i = 0; i < x.rows; i++) {
          const a = x.data[i * 2] as number;
          const b = x.data[i * 2 + 1] as number;
          const e = [Math.exp(0.3 * a), Math.exp(0.5 * b - 0.2), Math.exp(0.1 * a * b)];
          const z = e.reduce((s, v) => s + v, 0);
          e.forEach((v, c) => {
            out[i * 3 + c] = v / z;
          });
        }
        return out;
      },
    } as Model;
    await checkSplits(
      softmax,
      multi,
      'label',
      [
        { name: 'accuracy' },
        { name: 'f1', params: { average: 'micro' } },
        { name: 'f1', params: { average: 'macro' } },
        { name: 'f1', params: { average: 'weighted' } },
        { name: 'recall', params: { average: 'macro' } },
        { name: 'confusionMatrix' },
        { name: 'cohenKappa' },
        { name: 'rocAuc' },
        { name: 'rocAuc', params: { average: 'weighted' } },
        { name: 'logLoss' },
      ],
      13,
    );
  });

  it('regressor around 1e6 (spread ~1): mae, mse, rmse, r2, explainedVariance, mape and the summary within 1e-12 relative', async () => {
    const linear = createSpecModel({
      type: 'linear',
      coef: [3.01, -0.98],
      intercept: 1e6 + 0.01,
      featureNames: ['x1', 'x2'],
    });
    const table = randomTable(1009, 4, false);
    const only = createDataTable([table.column('x1'), table.column('x2'), table.column('value')]);
    await checkSplits(
      linear,
      only,
      'value',
      [
        { name: 'mae' },
        { name: 'mse' },
        { name: 'rmse' },
        { name: 'r2' },
        { name: 'explainedVariance' },
        { name: 'mape' },
      ],
      14,
    );
  });

  it('a metric that refuses the whole table refuses the merged shards alike (ROC AUC of one class)', async () => {
    const table = randomTable(50, 5, false);
    const one = createDataTable([
      table.column('x1'),
      table.column('x2'),
      { name: 'label', kind: 'label', values: Array(50).fill('yes') },
    ]);
    const metrics = [{ name: 'rocAuc' }];
    const whole = await evaluateModel({
      model: logistic,
      table: one,
      target: 'label',
      metrics,
    }).catch((e: Error) => e.message);
    const states = await Promise.all(
      ranges(50, [20]).map((rowRange) =>
        evaluateShard({ model: logistic, table: one, target: 'label', metrics, rowRange }),
      ),
    );
    expect(() => finishShardedEvaluation(states)).toThrow(whole as string);
  });
});

describe('sharded batch tests refuse what cannot be merged', () => {
  const model = createSpecModel({ type: 'linear', coef: [1, 1], featureNames: ['x1', 'x2'] });
  const table = randomTable(20, 6, false);
  const base = { model, table, target: 'value', rowRange: { start: 0, end: 10 } };

  it('names every metric without a mergeable form', async () => {
    const error = await evaluateShard({
      ...base,
      metrics: [{ name: 'mae' }, { name: 'medianAbsoluteError' }, { name: 'calibrationCurve' }],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(
      /^metrics 'medianAbsoluteError', 'calibrationCurve' have no mergeable form and cannot run sharded; shardable metrics: accuracy, /,
    );
  });

  it('refuses columns mapped with inputs, and rows outside the table', async () => {
    await expect(
      evaluateShard({ ...base, metrics: [{ name: 'mae', inputs: { sampleWeight: 'x1' } }] }),
    ).rejects.toThrow("metric 'mae' maps columns with inputs (sampleWeight)");
    await expect(
      evaluateShard({ ...base, rowRange: { start: 5, end: 21 }, metrics: [{ name: 'mae' }] }),
    ).rejects.toThrow('rowRange is [5, 21); expected integers with 0 ≤ start ≤ end ≤ 20');
  });

  it('refuses to merge shards of different metrics, and to finish shards that cover no row', async () => {
    const a = await evaluateShard({ ...base, metrics: [{ name: 'mae' }] });
    const b = await evaluateShard({ ...base, metrics: [{ name: 'mse' }] });
    expect(() => mergeShardStates([a, b])).toThrow('shards disagree on the metrics');
    const empty = await evaluateShard({
      ...base,
      rowRange: { start: 3, end: 3 },
      metrics: [{ name: 'mae' }],
    });
    expect(() => finishShardedEvaluation([empty])).toThrow('the shards cover no rows');
  });
});

describe('exact sums (Shewchuk expansions)', () => {
  const sum = (xs: number[]) => {
    const e: number[] = [];
    for (const x of xs) addToExpansion(e, x);
    return e;
  };

  it('round the exact total once, as Python math.fsum', () => {
    // math.fsum([0.1] * 10) == 1.0; math.fsum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]) == 1e-100
    expect(roundExpansion(sum(Array(10).fill(0.1)))).toBe(1);
    expect(roundExpansion(sum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]))).toBe(1e-100);
    // math.fsum([2**53, 1.0, 2**-60]) == 9007199254740994.0 (the half-way case rounds up)
    expect(roundExpansion(sum([2 ** 53, 1, 2 ** -60]))).toBe(9007199254740994);
    expect(roundExpansion([])).toBe(0);
  });

  it('merge in any grouping to the same total', () => {
    const rand = random(7);
    const xs = Array.from({ length: 1000 }, () => (rand() - 0.5) * 10 ** Math.floor(rand() * 30));
    const whole = roundExpansion(sum(xs));
    const parts = [sum(xs.slice(0, 100)), sum(xs.slice(100, 700)), sum(xs.slice(700))];
    expect(
      roundExpansion(addExpansions(parts[2] ?? [], addExpansions(parts[0] ?? [], parts[1] ?? []))),
    ).toBe(whole);
  });

  it('centered sum of squares without cancellation: 1e9 + {0, 1, 2} gives 2', () => {
    const xs = [1e9, 1e9 + 1, 1e9 + 2];
    const sq: number[] = [];
    for (const x of xs) addProductToExpansion(sq, x, x); // x·x exactly (1e18 needs more than 53 bits)
    expect(centeredSumOfSquares(3, sum(xs), sq)).toBe(2);
    // the one-pass formula in doubles loses it all: Σx² − (Σx)²/n
    const naive = xs.reduce((s, x) => s + x * x, 0) - xs.reduce((s, x) => s + x, 0) ** 2 / 3;
    expect(naive).not.toBe(2);
  });
});
