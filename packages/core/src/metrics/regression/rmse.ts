import { z } from 'zod';
import { ZValueResultSchema } from '../../schemas/index.js';
import { defineMetric } from '../defineMetric.js';
import { meanSquaredError } from './mse.js';
import { type RegressionOptions, ZRegressionInputSchema } from './schemas.js';

/**
 * Root mean squared error: √(Σ wᵢ(yᵢ − ŷᵢ)² / Σ wᵢ), the square root of the (weighted) MSE.
 *
 * Reference: scikit-learn 1.2.1 `sklearn.metrics.mean_squared_error(..., squared=False)`.
 */
export function rootMeanSquaredError(
  yTrue: readonly number[],
  yPred: readonly number[],
  options: RegressionOptions = {},
): number {
  return Math.sqrt(meanSquaredError(yTrue, yPred, options));
}

export const rmseMetric = defineMetric({
  name: 'rmse',
  family: 'regression',
  description:
    'Root mean squared error, optionally weighted (scikit-learn mean_squared_error, squared=False).',
  input: ZRegressionInputSchema,
  params: z.strictObject({}),
  result: ZValueResultSchema,
  compute: (input) => ({
    value: rootMeanSquaredError(input.yTrue, input.yPred, { sampleWeight: input.sampleWeight }),
  }),
});
