import { describe, expect, it } from 'vitest';
import { cart } from '../cart.js';
import { histGradientBoosting } from '../histGradientBoosting.js';
import { reviveLearner } from '../index.js';
import { randomForest } from '../randomForest.js';
import type { BoostedTreesModel } from '../trees/boostedTreesModel.js';
import type { FittedLearner, Hyperparameters, Learner, TrainingSet } from '../types.js';
import { accuracy, loadNumericDataset, r2, splitEvery } from './support/numericDataset.js';

const iris = loadNumericDataset('iris.csv');
const breastCancer = loadNumericDataset('breast_cancer.csv');
const diabetes = loadNumericDataset('diabetes.csv');
const wine = loadNumericDataset('wine.csv');

const FAMILIES: [string, Learner, Hyperparameters][] = [
  ['cart', cart, { max_depth: 6 }],
  ['random_forest', randomForest, { n_estimators: 20, max_features: 0.5 }],
  ['hist_gbm', histGradientBoosting, { max_iter: 40, max_leaf_nodes: 8, max_features: 0.7 }],
];

/** What each family's TreeSHAP explains: probabilities (cart, forest) or raw margins (boosting). */
function explainedOutput(model: FittedLearner, x: Float64Array, rows: number): Float64Array {
  if (model.family === 'hist_gbm') return (model as BoostedTreesModel).rawPredict(x, rows);
  return model.predict(x, rows);
}

describe.each(FAMILIES)('%s', (family, learner, hp) => {
  it(`${family}.fit on held-out rows: iris accuracy ≥ 0.9, breast_cancer ≥ 0.9, diabetes R² > 0.25`, async () => {
    for (const set of [iris, breastCancer]) {
      const { train, test } = splitEvery(set, 4);
      const model = await learner.fit(train, hp, { seed: 5 });
      const proba = model.predict(test.x, test.rows);
      expect(proba.length).toBe(test.rows * set.nClasses);
      for (let i = 0; i < test.rows; i++) {
        let sum = 0;
        for (let c = 0; c < set.nClasses; c++) sum += proba[i * set.nClasses + c] as number;
        expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
      }
      expect(accuracy(proba, test.y, set.nClasses)).toBeGreaterThanOrEqual(0.9);
    }
    const { train, test } = splitEvery(diabetes, 4);
    const model = await learner.fit(
      train,
      {
        ...hp,
        ...(family === 'cart' ? { max_depth: 3, min_samples_leaf: 10 } : { min_samples_leaf: 10 }),
      },
      { seed: 5 },
    );
    expect(r2(model.predict(test.x, test.rows), test.y)).toBeGreaterThan(0.25);
  });

  it(`${family}.fit is seeded: the same seed gives the same model, bit for bit`, async () => {
    const a = await learner.fit(wine, hp, { seed: 42 });
    const b = await learner.fit(wine, hp, { seed: 42 });
    expect(JSON.stringify(a.toJSON())).toBe(JSON.stringify(b.toJSON()));
    if (family !== 'cart') {
      const c = await learner.fit(wine, hp, { seed: 43 });
      expect(JSON.stringify(c.toJSON())).not.toBe(JSON.stringify(a.toJSON()));
    }
  });

  it(`reviveLearner(JSON of a ${family}) predicts and explains the same values, bit for bit`, async () => {
    for (const set of [wine, diabetes]) {
      const model = await learner.fit(set, hp, { seed: 9 });
      const revived = reviveLearner(JSON.parse(JSON.stringify(model.toJSON())));
      expect(revived.family).toBe(family);
      expect(JSON.stringify(revived.toJSON())).toBe(JSON.stringify(model.toJSON()));
      const p = model.predict(set.x, set.rows);
      const q = revived.predict(set.x, set.rows);
      expect(q.length).toBe(p.length);
      for (let i = 0; i < p.length; i++) expect(Object.is(p[i], q[i])).toBe(true);
      const head = set.x.subarray(0, 10 * set.cols);
      const s = model.shapValues?.(head, 10);
      const t = revived.shapValues?.(head, 10);
      expect(s?.values.length).toBe(10 * set.cols * (s?.outputs ?? 0));
      expect(t?.values).toEqual(s?.values);
    }
  });

  it(`${family}.shapValues are additive: expected value + Σ values = the explained output`, async () => {
    for (const set of [wine, breastCancer, diabetes]) {
      const model = await learner.fit(set, hp, { seed: 3 });
      const rows = 25;
      const head = set.x.subarray(0, rows * set.cols);
      const shap = model.shapValues?.(head, rows);
      if (!shap) throw new Error(`${family} has no shapValues`);
      const out = explainedOutput(model, head, rows);
      const expectedOutputs =
        family === 'hist_gbm'
          ? set.task === 'multiclass'
            ? set.nClasses
            : 1
          : Math.max(1, set.nClasses);
      expect(shap.outputs).toBe(expectedOutputs);
      expect(shap.space).toBe(family === 'hist_gbm' ? 'raw' : 'probability');
      for (let r = 0; r < rows; r++) {
        for (let k = 0; k < shap.outputs; k++) {
          let sum = shap.expectedValue[k] as number;
          for (let f = 0; f < set.cols; f++)
            sum += shap.values[(r * set.cols + f) * shap.outputs + k] as number;
          const target = out[r * shap.outputs + k] as number;
          expect(Math.abs(sum - target)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(target)));
        }
      }
    }
  });

  it(`${family}.fit throws the signal's reason when the run is cancelled`, async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled by the test');
    controller.abort(reason);
    await expect(learner.fit(iris, hp, { seed: 1, signal: controller.signal })).rejects.toBe(
      reason,
    );
  });

  it(`${family}.predict rejects rows of the wrong width`, async () => {
    const model = await learner.fit(iris, hp, { seed: 1 });
    expect(() => model.predict(new Float64Array(5), 1)).toThrow(
      /x has 5 values but 1 rows × 4 features is 4/,
    );
  });
});

describe('randomForest and histGradientBoosting honor the deadline', () => {
  it('randomForest.fit with a past deadline returns a forest of one tree', async () => {
    const model = (await randomForest.fit(
      breastCancer,
      { n_estimators: 500 },
      { seed: 1, deadline: Date.now() - 1 },
    )) as unknown as { trees: unknown[] };
    expect(model.trees.length).toBe(1);
  });

  it('histGradientBoosting.fit with a past deadline returns one round', async () => {
    const model = (await histGradientBoosting.fit(
      wine,
      { max_iter: 500 },
      { seed: 1, deadline: Date.now() - 1 },
    )) as BoostedTreesModel;
    expect(model.trees.length).toBe(3);
  });
});

describe('histGradientBoosting early stopping', () => {
  it('stops on options.validation and keeps the rounds up to the best validation loss', async () => {
    const { train, test } = splitEvery(diabetes, 4);
    const model = (await histGradientBoosting.fit(
      train,
      { max_iter: 2000, learning_rate: 0.5, max_leaf_nodes: 31, min_samples_leaf: 2 },
      { seed: 1, validation: test },
    )) as BoostedTreesModel;
    expect(model.trees.length).toBeGreaterThan(0);
    expect(model.trees.length).toBeLessThan(200);
  });

  it('holds out 10 % itself beyond 10,000 rows (randhie: 20,190 rows)', async () => {
    const randhie = loadNumericDataset('randhie.csv');
    const model = (await histGradientBoosting.fit(
      randhie,
      { max_iter: 3000, learning_rate: 0.3, max_leaf_nodes: 31 },
      { seed: 1 },
    )) as BoostedTreesModel;
    expect(model.trees.length).toBeLessThan(3000);
    const pred = model.predict(randhie.x, randhie.rows);
    expect(r2(pred, randhie.y)).toBeGreaterThan(0.1);
  });

  it('rejects a validation set of another width', async () => {
    const other: TrainingSet = { ...iris, x: new Float64Array(iris.rows * 3), cols: 3 };
    await expect(
      histGradientBoosting.fit(iris, {}, { seed: 1, validation: other }),
    ).rejects.toThrow(/validation set has 3 columns/);
  });
});

describe('reviveLearner rejects what is not a fitted learner', () => {
  const tree = {
    outputs: 1,
    feature: [0, -1, -1],
    threshold: [0.5, -2, -2],
    left: [1, -1, -1],
    right: [2, -1, -1],
    value: [0, 1, 2],
    cover: [2, 1, 1],
  };
  const base = {
    family: 'cart',
    version: 1,
    task: 'regression',
    nClasses: 0,
    cols: 1,
    hyperparameters: {},
    state: { trees: [tree] },
  };

  it('reviveLearner(a valid one-split regression tree) predicts by the threshold', () => {
    expect(Array.from(reviveLearner(base).predict(Float64Array.of(0.2, 0.5, 0.9), 3))).toEqual([
      1, 1, 2,
    ]);
  });

  it('reviveLearner names the unknown family, the wrong version, the bad task', () => {
    expect(() => reviveLearner({ ...base, family: 'xgboost' })).toThrow(
      /unknown learner family "xgboost"; known: /,
    );
    expect(() => reviveLearner({ ...base, version: 2 })).toThrow(/has version 2; expected 1/);
    expect(() => reviveLearner({ ...base, task: 'ranking' })).toThrow(/task is "ranking"/);
    expect(() => reviveLearner(null)).toThrow(/must be an object/);
  });

  it('reviveLearner refuses a tree whose child points backwards (a walk that would not end) or out of range', () => {
    const loop = { ...tree, left: [1, -1, -1], right: [0, -1, -1] };
    expect(() => reviveLearner({ ...base, state: { trees: [loop] } })).toThrow(
      /tree node 0 has feature 0 or children 1, 0 out of range/,
    );
    const wide = { ...tree, feature: [3, -1, -1] };
    expect(() => reviveLearner({ ...base, state: { trees: [wide] } })).toThrow(
      /tree node 0 has feature 3/,
    );
    const short = { ...tree, cover: [2, 1] };
    expect(() => reviveLearner({ ...base, state: { trees: [short] } })).toThrow(
      /cover has 2 entries but feature has 3/,
    );
  });

  it('reviveLearner refuses a hist_gbm whose trees do not fill whole rounds', () => {
    const json = {
      family: 'hist_gbm',
      version: 1,
      task: 'multiclass',
      nClasses: 3,
      cols: 1,
      hyperparameters: {},
      state: { baseline: [0, 0, 0], trees: [tree] },
    };
    expect(() => reviveLearner(json)).toThrow(/a multiple of 3 trees, got 1/);
  });
});
