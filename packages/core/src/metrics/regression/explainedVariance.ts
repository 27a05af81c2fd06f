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
 * Explained variance: 1 − Var_w(y − ŷ) / Var_w(y). Unlike R², a constant bias in the predictions
 * is not penalised (the residuals' mean is removed).
 *
 * Reference: scikit-learn 1.2.1 `sklearn.metrics.explained_variance_score(y_true, y_pred,
 * sample_weight, force_finite=True)`: a constant yTrue gives 1.0 for a perfect prediction (zero
 * residual variance), else 0.0.
 */
export function explainedVarianceScore(
  yTrue: readonly number[],
  yPred: readonly number[],
  options: ForceFiniteOptions = {},
): number {
  const { sampleWeight, forceFinite = true } = options;
  checkRegressionPair(yTrue, yPred, sampleWeight);
  const n = yTrue.length;
  const diff = (i: number) => (yTrue[i] as number) - (yPred[i] as number);
  const diffMean = weightedMean(n, diff, sampleWeight);
  const numerator = weightedMean(n, (i) => (diff(i) - diffMean) ** 2, sampleWeight);
  const trueMean = weightedMean(n, (i) => yTrue[i] as number, sampleWeight);
  const denominator = weightedMean(n, (i) => ((yTrue[i] as number) - trueMean) ** 2, sampleWeight);
  return assembleScore(numerator, denominator, forceFinite);
}

export const explainedVarianceMetric = defineMetric({
  name: 'explainedVariance',
  family: 'regression',
  description:
    'Explained variance 1 − Var(y − ŷ)/Var(y); constant yTrue gives 1 (perfect) or 0 (scikit-learn explained_variance_score).',
  input: ZRegressionInputSchema,
  params: ZForceFiniteParamsSchema,
  result: ZNanableValueResultSchema,
  compute: (input, params) => ({
    value: explainedVarianceScore(input.yTrue, input.yPred, {
      ...params,
      sampleWeight: input.sampleWeight,
    }),
  }),
});
