import { z } from 'zod';
import { assertSampleWeight } from '../../guards/index.js';
import { type Label, uniqueLabels } from '../../labels/index.js';
import { ZNanableValueResultSchema } from '../../schemas/index.js';
import { defineMetric } from '../defineMetric.js';
import { checkLabelPair } from './checkLabelPair.js';
import { classTotals } from './classTotals.js';
import { ZLabelPairInputSchema } from './schemas.js';

export interface BalancedAccuracyOptions {
  /** Rescale so that chance scores 0 and perfect 1: (s − 1/K)/(1 − 1/K). @default false */
  adjusted?: boolean;
  /** Per-sample weights (≥ 0). @default undefined (all 1) */
  sampleWeight?: readonly number[];
}

/**
 * Balanced accuracy: the mean recall over the classes present in yTrue.
 *
 * Reference: scikit-learn 1.2.1 `sklearn.metrics.balanced_accuracy_score`. A class that is only
 * predicted has no recall and is left out of the mean (its predictions still count as errors in
 * the other classes' recall). With `adjusted`, K is the number of classes in yTrue; K = 1 divides
 * by zero as NumPy does (NaN or −∞).
 */
export function balancedAccuracyScore(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: BalancedAccuracyOptions = {},
): number {
  const { adjusted = false, sampleWeight } = options;
  checkLabelPair(yTrue, yPred);
  assertSampleWeight(sampleWeight, yTrue.length);
  const labels = uniqueLabels(yTrue, yPred);
  const { tp, trueSum } = classTotals(yTrue, yPred, labels, sampleWeight);
  let sum = 0;
  let classes = 0;
  for (let i = 0; i < labels.length; i++) {
    const support = trueSum[i] as number;
    if (support === 0) continue;
    sum += (tp[i] as number) / support;
    classes++;
  }
  let score = sum / classes;
  if (adjusted) {
    const chance = 1 / classes;
    score = (score - chance) / (1 - chance);
  }
  return score;
}

export const ZBalancedAccuracyParamsSchema = z.strictObject({
  adjusted: z
    .boolean()
    .default(false)
    .meta({ description: 'Rescale so that chance is 0: (s − 1/K)/(1 − 1/K).' }),
});

export const balancedAccuracyMetric = defineMetric({
  name: 'balancedAccuracy',
  family: 'classification',
  description:
    'Mean recall over the classes present in yTrue (scikit-learn balanced_accuracy_score).',
  input: ZLabelPairInputSchema,
  params: ZBalancedAccuracyParamsSchema,
  result: ZNanableValueResultSchema,
  compute: (input, params) => ({
    value: balancedAccuracyScore(input.yTrue, input.yPred, {
      adjusted: params.adjusted,
      sampleWeight: input.sampleWeight,
    }),
  }),
});
