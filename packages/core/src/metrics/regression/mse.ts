import { z } from 'zod';
import { ZValueResultSchema } from '../../schemas/index.js';
import { defineMetric } from '../defineMetric.js';
import { checkRegressionPair, weightedMean } from './checkRegressionPair.js';
import { type RegressionOptions, ZRegressionInputSchema } from './schemas.js';

/**
 * Mean squared error: Σ wᵢ(yᵢ − ŷᵢ)² / Σ wᵢ.
 *
 * Reference: scikit-learn 1.2.1 `sklearn.metrics.mean_squared_error(y_true, y_pred, sample_weight)`.
 */
export function meanSquaredError(
  yTrue: readonly number[],
  yPred: readonly number[],
  options: RegressionOptions = {},
): number {
  const { sampleWeight } = options;
  checkRegressionPair(yTrue, yPred, sampleWeight);
  return weightedMean(
    yTrue.length,
    (i) => ((yTrue[i] as number) - (yPred[i] as number)) ** 2,
    sampleWeight,
  );
}

export const mseMetric = defineMetric({
  name: 'mse',
  family: 'regression',
  description: 'Mean squared error, optionally weighted (scikit-learn mean_squared_error).',
  input: ZRegressionInputSchema,
  params: z.strictObject({}),
  result: ZValueResultSchema,
  compute: (input, params) => ({
    value: meanSquaredError(input.yTrue, input.yPred, {
      ...params,
      sampleWeight: input.sampleWeight,
    }),
  }),
});
