import { z } from 'zod';
import { ZValueResultSchema } from '../../schemas/index.js';
import { defineMetric } from '../defineMetric.js';
import { checkRegressionPair, weightedMean } from './checkRegressionPair.js';
import { type RegressionOptions, ZRegressionInputSchema } from './schemas.js';

/**
 * Mean absolute error: Σ wᵢ|yᵢ − ŷᵢ| / Σ wᵢ.
 *
 * Reference: scikit-learn 1.2.1 `sklearn.metrics.mean_absolute_error(y_true, y_pred, sample_weight)`.
 */
export function meanAbsoluteError(
  yTrue: readonly number[],
  yPred: readonly number[],
  options: RegressionOptions = {},
): number {
  const { sampleWeight } = options;
  checkRegressionPair(yTrue, yPred, sampleWeight);
  return weightedMean(
    yTrue.length,
    (i) => Math.abs((yPred[i] as number) - (yTrue[i] as number)),
    sampleWeight,
  );
}

export const maeMetric = defineMetric({
  name: 'mae',
  family: 'regression',
  description: 'Mean absolute error, optionally weighted (scikit-learn mean_absolute_error).',
  input: ZRegressionInputSchema,
  params: z.strictObject({}),
  result: ZValueResultSchema,
  compute: (input, params) => ({
    value: meanAbsoluteError(input.yTrue, input.yPred, {
      ...params,
      sampleWeight: input.sampleWeight,
    }),
  }),
});
