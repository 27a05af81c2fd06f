import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectAllClose } from '../../learners/__tests__/support/expectClose.js';
import {
  addTreePredictions,
  reviveFlatTree,
  type SerializedFlatTree,
} from '../../learners/trees/flatTree.js';
import { addTreeShap, treeExpectedValue } from '../treeShap.js';

interface ShapCase {
  name: string;
  trees: SerializedFlatTree[];
  scale: number;
  cols: number;
  rows: number[][];
  baseline?: number;
  expected: {
    source: string;
    values: number[];
    expectedValue: number[];
    shap: { values: number[]; expectedValue: number[] };
  };
}
const reference = JSON.parse(
  readFileSync(
    new URL('../../learners/__tests__/reference/automl_trees.json', import.meta.url),
    'utf8',
  ),
) as { shap: ShapCase[] };

describe('addTreeShap equals shap.TreeExplainer (tree_path_dependent) and brute-force Shapley values on scikit-learn trees', () => {
  for (const c of reference.shap) {
    it(`${c.name}: values, expected value and local accuracy`, () => {
      const trees = c.trees.map((t) => reviveFlatTree(t, c.cols));
      const outputs = trees[0]?.outputs ?? 1;
      const rows = c.rows.length;
      const x = Float64Array.from(c.rows.flat());
      const values = new Float64Array(rows * c.cols * outputs);
      const expectedValue = new Float64Array(outputs).fill(c.baseline ?? 0);
      const prediction = new Float64Array(rows * outputs).fill(c.baseline ?? 0);
      for (const tree of trees) {
        addTreeShap(tree, x, rows, c.cols, values, { stride: outputs, offset: 0, scale: c.scale });
        treeExpectedValue(tree).forEach((v, k) => {
          expectedValue[k] = (expectedValue[k] as number) + c.scale * v;
        });
        addTreePredictions(tree, x, rows, c.cols, prediction, outputs, 0, c.scale);
      }
      expectAllClose(values, c.expected.values, 1e-10);
      // The brute force reports v(∅) of the trees; the generator adds the boosted baseline separately.
      expectAllClose(
        expectedValue.map((v) => v - (c.baseline ?? 0)),
        c.expected.expectedValue,
        1e-10,
      );
      // shap 0.51's TreeExplainer(feature_perturbation='tree_path_dependent') on the same trees
      // (scripts/reference/automl_trees_shap.py), its expected value including the baseline.
      expectAllClose(values, c.expected.shap.values, 1e-10);
      expectAllClose(expectedValue, c.expected.shap.expectedValue, 1e-10);
      // Local accuracy: the values sum, with the expected value, to the model's output.
      for (let r = 0; r < rows; r++) {
        for (let k = 0; k < outputs; k++) {
          let sum = expectedValue[k] as number;
          for (let f = 0; f < c.cols; f++) sum += values[(r * c.cols + f) * outputs + k] as number;
          expect(Math.abs(sum - (prediction[r * outputs + k] as number))).toBeLessThanOrEqual(
            1e-9 * Math.max(1, Math.abs(sum)),
          );
        }
      }
    });
  }
});
