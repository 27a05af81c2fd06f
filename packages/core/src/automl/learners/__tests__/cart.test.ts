import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cart } from '../cart.js';
import type { SerializedFlatTree } from '../trees/flatTree.js';
import type { AveragedTreesModel } from '../trees/treeModel.js';
import type { AutoMlTask } from '../types.js';
import { expectAllClose } from './support/expectClose.js';
import { accuracy, loadNumericDataset, r2, splitEvery } from './support/numericDataset.js';

interface CartCase {
  name: string;
  dataset: string;
  task: AutoMlTask;
  params: { max_depth?: number; min_samples_leaf?: number };
  tree: SerializedFlatTree;
  predict: number[];
}
const reference = JSON.parse(
  readFileSync(new URL('./reference/automl_trees.json', import.meta.url), 'utf8'),
) as { cart: CartCase[] };

describe('cart grows scikit-learn 1.2.1 trees (scripts/reference/automl_trees.py)', () => {
  for (const c of reference.cart) {
    it(`${c.name}: same nodes, features, thresholds, values and covers`, async () => {
      // scikit-learn trains on float32 inputs; the thresholds are midpoints of float32 values.
      const set = loadNumericDataset(c.dataset, { float32: true, task: c.task });
      const model = (await cart.fit(
        set,
        {
          max_depth: c.params.max_depth ?? 32,
          min_samples_leaf: c.params.min_samples_leaf ?? 1,
          max_features: 1,
        },
        { seed: 0 },
      )) as AveragedTreesModel;
      const tree = model.trees[0];
      if (tree === undefined) throw new Error('no tree');
      expect(Array.from(tree.feature)).toEqual(c.tree.feature);
      expect(Array.from(tree.left)).toEqual(c.tree.left);
      expect(Array.from(tree.right)).toEqual(c.tree.right);
      expect(Array.from(tree.cover)).toEqual(c.tree.cover);
      for (let j = 0; j < tree.nodeCount; j++) {
        if ((tree.feature[j] as number) >= 0) expect(tree.threshold[j]).toBe(c.tree.threshold[j]);
      }
      expectAllClose(tree.value, c.tree.value, 1e-9);
      const every7th = new Float64Array(Math.ceil(set.rows / 7) * set.cols);
      for (let i = 0, k = 0; i < set.rows; i += 7, k++)
        every7th.set(set.x.subarray(i * set.cols, (i + 1) * set.cols), k * set.cols);
      expectAllClose(model.predict(every7th, Math.ceil(set.rows / 7)), c.predict, 1e-9);
    });
  }
});

describe('cart on the fixture data sets', () => {
  it('cart.fit(iris) separates the held-out rows (accuracy ≥ 0.9)', async () => {
    const { train, test } = splitEvery(loadNumericDataset('iris.csv'), 5);
    const model = await cart.fit(train, { max_depth: 4 }, { seed: 3 });
    expect(accuracy(model.predict(test.x, test.rows), test.y, 3)).toBeGreaterThanOrEqual(0.9);
  });

  it('cart.fit(diabetes) explains part of the variance (held-out R² > 0.1)', async () => {
    const { train, test } = splitEvery(loadNumericDataset('diabetes.csv'), 4);
    const model = await cart.fit(train, { max_depth: 3, min_samples_leaf: 10 }, { seed: 3 });
    expect(r2(model.predict(test.x, test.rows), test.y)).toBeGreaterThan(0.1);
  });

  it('cart.fit with max_features < 1 is seeded: the same seed gives the same tree, another seed may not', async () => {
    const set = loadNumericDataset('breast_cancer.csv');
    const a = await cart.fit(set, { max_depth: 6, max_features: 0.3 }, { seed: 11 });
    const b = await cart.fit(set, { max_depth: 6, max_features: 0.3 }, { seed: 11 });
    const c = await cart.fit(set, { max_depth: 6, max_features: 0.3 }, { seed: 12 });
    expect(JSON.stringify(a.toJSON())).toBe(JSON.stringify(b.toJSON()));
    expect(JSON.stringify(a.toJSON())).not.toBe(JSON.stringify(c.toJSON()));
  });

  it('cart.fit rejects a hyperparameter out of its domain and an unknown one', async () => {
    const set = loadNumericDataset('iris.csv');
    await expect(cart.fit(set, { max_depth: 0 }, { seed: 1 })).rejects.toThrow(
      /max_depth is 0; expected a number in \[1, 32\]/,
    );
    await expect(cart.fit(set, { depth: 3 }, { seed: 1 })).rejects.toThrow(
      /cart has no hyperparameter depth/,
    );
  });
});
