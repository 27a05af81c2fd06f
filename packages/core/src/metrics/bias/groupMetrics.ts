import { z } from 'zod';
import type { Label } from '../../labels/index.js';
import { ZLabelSchema } from '../../schemas/index.js';
import { ZZeroDivisionSchema } from '../classification/schemas.js';
import { defineMetric } from '../defineMetric.js';
import {
  type GroupCounts,
  groupCounts,
  selectionRate,
  truePositiveRate,
  ZFairnessInputSchema,
  ZFairnessPosLabelSchema,
} from './groupCounts.js';

export interface GroupMetricsOptions {
  /** The favourable (positive) outcome. @default 1 */
  posLabel?: Label;
  /** Recall of a group without positives. @default 0 */
  zeroDivision?: 0 | 1;
}

const ZGroupSummarySchema = z.object({
  count: z.number().int(),
  accuracy: z.number(),
  recall: z.number(),
  selectionRate: z.number(),
});

export const ZGroupMetricsResultSchema = z.object({
  groups: z.array(ZGroupSummarySchema.extend({ group: ZLabelSchema })),
  overall: ZGroupSummarySchema,
});
export type TGroupMetricsResult = z.infer<typeof ZGroupMetricsResultSchema>;

function summary(c: GroupCounts, zeroDivision: number) {
  return {
    count: c.count,
    accuracy: (c.tp + c.tn) / c.count,
    recall: truePositiveRate(c, zeroDivision),
    selectionRate: selectionRate(c),
  };
}

/**
 * Per-group accuracy, recall and selection rate (latent bias: does the model serve every group
 * alike?), groups sorted (strings by code point), and the same over everyone.
 *
 * Reference: fairlearn 0.9.0 `MetricFrame(metrics={accuracy_score, recall_score(pos_label,
 * zero_division), selection_rate(pos_label)}, sensitive_features=…)` `.by_group` and `.overall`.
 *
 * @throws InvalidInputError on mismatched or empty input or more than two outcome labels.
 */
export function groupMetrics(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  sensitive: readonly Label[],
  options: GroupMetricsOptions = {},
): TGroupMetricsResult {
  const { posLabel = 1, zeroDivision = 0 } = options;
  const { groups, overall } = groupCounts(yTrue, yPred, sensitive, posLabel);
  return {
    groups: groups.map((g) => ({ group: g.group, ...summary(g, zeroDivision) })),
    overall: summary(overall, zeroDivision),
  };
}

export const groupMetricsMetric = defineMetric({
  name: 'groupMetrics',
  family: 'bias',
  description:
    'Accuracy, recall and selection rate per sensitive group and overall (fairlearn MetricFrame).',
  input: ZFairnessInputSchema,
  params: z.strictObject({ posLabel: ZFairnessPosLabelSchema, zeroDivision: ZZeroDivisionSchema }),
  result: ZGroupMetricsResultSchema,
  compute: (input, params) => groupMetrics(input.yTrue, input.yPred, input.sensitive, params),
});
