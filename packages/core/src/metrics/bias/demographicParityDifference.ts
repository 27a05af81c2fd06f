import { z } from 'zod';
import type { Label } from '../../labels/index.js';
import { ZValueResultSchema } from '../../schemas/index.js';
import { defineMetric } from '../defineMetric.js';
import {
  groupCounts,
  selectionRate,
  spread,
  ZFairnessInputSchema,
  ZFairnessPosLabelSchema,
} from './groupCounts.js';

export interface FairnessOptions {
  /** The favourable (positive) outcome. @default 1 */
  posLabel?: Label;
}

/**
 * Demographic parity difference: max − min over groups of the selection rate P(ŷ = posLabel).
 * 0 means every group is selected at the same rate (yTrue is not used, only checked).
 *
 * Reference: fairlearn 0.9.0 `demographic_parity_difference(y_true, y_pred,
 * sensitive_features, method='between_groups')`.
 *
 * @throws InvalidInputError on mismatched or empty input or more than two outcome labels.
 */
export function demographicParityDifference(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  sensitive: readonly Label[],
  options: FairnessOptions = {},
): number {
  const { groups } = groupCounts(yTrue, yPred, sensitive, options.posLabel ?? 1);
  return spread(groups.map(selectionRate));
}

export const demographicParityDifferenceMetric = defineMetric({
  name: 'demographicParityDifference',
  family: 'bias',
  description:
    'Largest difference in selection rate P(ŷ = positive) between groups (fairlearn demographic_parity_difference).',
  input: ZFairnessInputSchema,
  params: z.strictObject({ posLabel: ZFairnessPosLabelSchema }),
  result: ZValueResultSchema,
  compute: (input, params) => ({
    value: demographicParityDifference(input.yTrue, input.yPred, input.sensitive, params),
  }),
});
