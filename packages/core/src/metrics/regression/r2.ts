import { ZNanableValueResultSchema } from '../../schemas/index.js';
import { defineMetric } from '../defineMetric.js';
import { checkRegressionPair, weightedMean } from './checkRegressionPair.js';
import {
  assembleScore,
  type ForceFiniteOptions,
  ZForceFiniteParamsSchema,
  ZRegressionInputSchema,
} from './schemas.js';

/**
 * Coefficient of determination: R² = 1 − Σ wᵢ(yᵢ − ŷᵢ)² / Σ wᵢ(yᵢ − ȳ_w)².
 *
 * Reference: scikit-learn 1.2.1 `sklearn.metrics.r2_score(y_true, y_pred, sample_weight,
 * force_finite=True)`. A constant yTrue makes the ratio undefined: 1.0 for a perfect prediction,
 * else 0.0 (`forceFinite: false` gives NaN / −∞). One sample gives NaN, as scikit-learn returns
 * (with a warning): R² is not defined for fewer than two samples.
 */
export function r2Score(
  yTrue: readonly number[],
  yPred: readonly number[],
  options: ForceFiniteOptions = {},
): number {
  const { sampleWeight, forceFinite = true } = options;
  checkRegressionPair(yTrue, yPred, sampleWeight);
  if (yTrue.length < 2) return Number.NaN;
  const n = yTrue.length;
  const mean = weightedMean(n, (i) => yTrue[i] as number, sampleWeight);
  let numerator = 0;
  let denominator = 0;
  for (let i = 0; i < n; i++) {
    const w = sampleWeight === undefined ? 1 : (sampleWeight[i] as number);
    const t = yTrue[i] as number;
    numerator += w * (t - (yPred[i] as number)) ** 2;
    denominator += w * (t - mean) ** 2;
  }
  return assembleScore(numerator, denominator, forceFinite);
}

export const r2Metric = defineMetric({
  name: 'r2',
  family: 'regression',
  description:
    'Coefficient of determination R²; constant yTrue gives 1 (perfect) or 0, one sample NaN (scikit-learn r2_score).',
  input: ZRegressionInputSchema,
  params: ZForceFiniteParamsSchema,
  result: ZNanableValueResultSchema,
  compute: (input, params) => ({
    value: r2Score(input.yTrue, input.yPred, { ...params, sampleWeight: input.sampleWeight }),
  }),
});
