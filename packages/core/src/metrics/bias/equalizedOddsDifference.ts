import { z } from 'zod';
import type { Label } from '../../labels/index.js';
import { defineMetric } from '../defineMetric.js';
import type { FairnessOptions } from './demographicParityDifference.js';
import {
  falsePositiveRate,
  groupCounts,
  spread,
  truePositiveRate,
  ZFairnessInputSchema,
  ZFairnessPosLabelSchema,
} from './groupCounts.js';

export const ZEqualizedOddsResultSchema = z.object({
  value: z.number(),
  truePositiveRateDifference: z.number(),
  falsePositiveRateDifference: z.number(),
});
export type TEqualizedOddsResult = z.infer<typeof ZEqualizedOddsResultSchema>;

/**
 * Equalized odds difference: the larger of the between-group spreads (max − min) of the true
 * positive rate and of the false positive rate.
 *
 * Reference: fairlearn 0.9.0 `equalized_odds_difference`. A group without positives has TPR 0 and a
 * group without negatives FPR 0 (not undefined): fairlearn takes the rates from scikit-learn's
 * `confusion_matrix(normalize='true')`, which turns 0/0 rows into zeros.
 *
 * @throws InvalidInputError on mismatched or empty input or more than two outcome labels.
 */
export function equalizedOddsDifference(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  sensitive: readonly Label[],
  options: FairnessOptions = {},
): TEqualizedOddsResult {
  const { groups } = groupCounts(yTrue, yPred, sensitive, options.posLabel ?? 1);
  const truePositiveRateDifference = spread(groups.map((g) => truePositiveRate(g)));
  const falsePositiveRateDifference = spread(groups.map(falsePositiveRate));
  return {
    value: Math.max(truePositiveRateDifference, falsePositiveRateDifference),
    truePositiveRateDifference,
    falsePositiveRateDifference,
  };
}

export const equalizedOddsDifferenceMetric = defineMetric({
  name: 'equalizedOddsDifference',
  family: 'bias',
  description:
    'Larger of the between-group differences in true and false positive rate (fairlearn equalized_odds_difference).',
  input: ZFairnessInputSchema,
  params: z.strictObject({ posLabel: ZFairnessPosLabelSchema }),
  result: ZEqualizedOddsResultSchema,
  compute: (input, params) =>
    equalizedOddsDifference(input.yTrue, input.yPred, input.sensitive, params),
});
