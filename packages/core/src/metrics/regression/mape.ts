import { z } from 'zod';
import { ZValueResultSchema } from '../../schemas/index.js';
import { defineMetric } from '../defineMetric.js';
import { checkRegressionPair, weightedMean } from './checkRegressionPair.js';
import { type RegressionOptions, ZRegressionInputSchema } from './schemas.js';

/**
 * Mean absolute percentage error, as a fraction (not ×100):
 * Σ wᵢ·|yᵢ − ŷᵢ| / max(|yᵢ|, ε) / Σ wᵢ with ε = 2.220446049250313e-16 (float64 machine epsilon).
 *
 * Reference: scikit-learn 1.2.1 `sklearn.metrics.mean_absolute_percentage_error(y_true, y_pred, sample_weight)`. A yTrue of 0 is not an error: it divides by ε and gives a huge value, as
 * scikit-learn does.
 */
export function meanAbsolutePercentageError(
  yTrue: readonly number[],
  yPred: readonly number[],
  options: RegressionOptions = {},
): number {
  const { sampleWeight } = options;
  checkRegressionPair(yTrue, yPred, sampleWeight);
  return weightedMean(
    yTrue.length,
    (i) =>
      Math.abs((yPred[i] as number) - (yTrue[i] as number)) /
      Math.max(Math.abs(yTrue[i] as number), Number.EPSILON),
    sampleWeight,
  );
}

export const mapeMetric = defineMetric({
  name: 'mape',
  family: 'regression',
  description:
    'Mean absolute percentage error as a fraction; yTrue = 0 gives huge values, not an error (scikit-learn mean_absolute_percentage_error).',
  input: ZRegressionInputSchema,
  params: z.strictObject({}),
  result: ZValueResultSchema,
  compute: (input, params) => ({
    value: meanAbsolutePercentageError(input.yTrue, input.yPred, {
      ...params,
      sampleWeight: input.sampleWeight,
    }),
  }),
});
