import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { histGradientBoosting } from '../histGradientBoosting.js';
import type { BoostedTreesModel } from '../trees/boostedTreesModel.js';
import type { FlatTree, SerializedFlatTree } from '../trees/flatTree.js';
import type { AutoMlTask } from '../types.js';
import { expectAllClose } from './support/expectClose.js';
import { loadNumericDataset } from './support/numericDataset.js';

interface HgbCase {
  name: string;
  dataset: string;
  task: AutoMlTask;
  params: Record<string, number>;
  baseline: number[];
  trees: SerializedFlatTree[];
  predict: number[];
}
const reference = JSON.parse(
  readFileSync(new URL('./reference/automl_trees.json', import.meta.url), 'utf8'),
) as { hist_gbm: HgbCase[] };

type Tree = Pick<
  FlatTree | SerializedFlatTree,
  'feature' | 'threshold' | 'left' | 'right' | 'value' | 'cover'
>;

/** The tree in preorder (node, left subtree, right subtree): scikit-learn's predictor numbers nodes so, Assay by creation. */
function preorder(t: Tree): { splits: [number, number, number][]; leaves: number[] } {
  const splits: [number, number, number][] = [];
  const leaves: number[] = [];
  const visit = (j: number) => {
    const f = t.feature[j] as number;
    if (f < 0) {
      leaves.push(t.value[j] as number);
      splits.push([-1, 0, t.cover[j] as number]);
      return;
    }
    splits.push([f, t.threshold[j] as number, t.cover[j] as number]);
    visit(t.left[j] as number);
    visit(t.right[j] as number);
  };
  visit(0);
  return { splits, leaves };
}

describe('histGradientBoosting grows scikit-learn 1.2.1 HistGradientBoosting trees (scripts/reference/automl_trees.py)', () => {
  for (const c of reference.hist_gbm) {
    it(`${c.name}: same splits, thresholds and counts; leaf values and predictions within 1e-12`, async () => {
      const set = loadNumericDataset(c.dataset, { task: c.task });
      const model = (await histGradientBoosting.fit(
        set,
        { ...c.params, max_features: 1 },
        { seed: 0 },
      )) as BoostedTreesModel;
      expectAllClose(model.baseline, c.baseline, 1e-12);
      expect(model.trees.length).toBe(c.trees.length);
      model.trees.forEach((tree, t) => {
        const ours = preorder(tree);
        const theirs = preorder(c.trees[t] as SerializedFlatTree);
        expect(ours.splits).toEqual(theirs.splits);
        expectAllClose(ours.leaves, theirs.leaves, 1e-12);
      });
      const every7th: number[] = [];
      for (let i = 0; i < set.rows; i += 7)
        every7th.push(...set.x.subarray(i * set.cols, (i + 1) * set.cols));
      expectAllClose(
        model.predict(Float64Array.from(every7th), every7th.length / set.cols),
        c.predict,
        1e-12,
      );
    });
  }
});
