/**
 * rawShapValues sums a learner's SHAP values over the engineered features of each raw column.
 * The learner here is a linear model on engineered features with the exact SHAP values of a
 * linear model under independent features (shap's LinearExplainer, interventional: φₖ = wₖ (xₖ −
 * E[xₖ]) with E over the training rows, which the standard scaler centres at 0, so φₖ = wₖ xₖ).
 */
import { describe, expect, it } from 'vitest';
import { createDataTable } from '../../data/createDataTable.js';
import { fitFeaturizer } from '../featurize/fitFeaturizer.js';
import { encodeTable } from '../featurize/transform.js';
import type { FittedLearner } from '../learners/types.js';
import type { AutoMlModel } from '../pipeline/artifact.js';
import { rawShapValues } from '../pipeline/rawShapValues.js';

describe('rawShapValues', () => {
  const table = createDataTable([
    { name: 'n', kind: 'numeric', values: Float64Array.of(1, 2, Number.NaN, 4) },
    { name: 'c', kind: 'label', values: ['a', 'b', 'c', 'a'] },
  ]);
  const featurizer = fitFeaturizer(table, ['n', 'c']);
  // Engineered: n, n__missing, c=a, c=b, c=c.
  expect(featurizer.outputs).toEqual(['n', 'n__missing', 'c=a', 'c=b', 'c=c']);
  const w = [0.5, -1, 2, 3, -4];
  const learner = {
    family: 'linear',
    shapValues(x: Float64Array, rows: number) {
      const values = new Float64Array(rows * 5);
      for (let i = 0; i < rows; i++)
        for (let k = 0; k < 5; k++) values[i * 5 + k] = (w[k] as number) * (x[i * 5 + k] as number);
      return { values, expectedValue: Float64Array.of(0), outputs: 1, space: 'raw' as const };
    },
  } as unknown as FittedLearner;
  const model = { learner, featurizer } as unknown as AutoMlModel;

  it('adds up the engineered features of each raw column', () => {
    const raw = encodeTable(featurizer, table);
    const out = rawShapValues(model, { rows: 4, cols: 2, data: raw });
    expect(out.columns).toEqual(['n', 'c']);
    // Row 2: n missing → scaled 0 and indicator 1 → 0.5·0 + (−1)·1; c = 'c' → −4.
    expect(Array.from(out.values.subarray(4, 6))).toEqual([-1, -4]);
    // Row 0: c = 'a' → 2.
    expect(out.values[1]).toBe(2);
  });

  it('refuses a learner without exact SHAP values', () => {
    const plain = { learner: { family: 'linear' }, featurizer } as unknown as AutoMlModel;
    expect(() => rawShapValues(plain, { rows: 0, cols: 2, data: new Float64Array(0) })).toThrow(
      'the linear learner has no exact SHAP values; use the kernel or permutation explainer',
    );
  });
});
