import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import type { Label } from '../../labels/index.js';
import {
  ZLabelSchema,
  ZLabelsSchema,
  ZSampleWeightSchema,
  ZValueResultSchema,
} from '../../schemas/index.js';
import { defineMetric } from '../defineMetric.js';
import { binaryClfCurve } from './binaryClfCurve.js';
import { binaryTargets } from './rocCurve.js';
import { ZBinaryScoresSchema } from './scores.js';

export interface AveragePrecisionOptions {
  /** The positive class. @default 1 */
  posLabel?: Label;
  /** Per-sample weights (≥ 0). @default undefined (all 1) */
  sampleWeight?: readonly number[];
}

/**
 * Average precision: AP = Σₙ (Rₙ − Rₙ₋₁)·Pₙ over the distinct score thresholds taken from the
 * highest down (tied scores form one threshold), the step-wise area under the precision-recall
 * curve without interpolation.
 *
 * Reference: scikit-learn 1.2.1 `sklearn.metrics.average_precision_score(y_true, y_score,
 * pos_label=1, sample_weight)`, binary targets. scikit-learn warns and returns −0.0 when there is
 * no positive sample; here that throws.
 */
export function averagePrecisionScore(
  yTrue: readonly Label[],
  yScore: readonly number[],
  options: AveragePrecisionOptions = {},
): number {
  const { posLabel = 1, sampleWeight } = options;
  const { isPositive } = binaryTargets(yTrue, yScore, posLabel, sampleWeight);
  const { fps, tps } = binaryClfCurve(isPositive, yScore, sampleWeight);
  const m = tps.length;
  const totalPositive = tps[m - 1] as number;
  if (!(totalPositive > 0)) {
    const message = `no positive samples (posLabel ${JSON.stringify(posLabel)}) in yTrue: average precision undefined`;
    throw new InvalidInputError(message, [{ path: ['yTrue'], message }]);
  }
  let ap = 0;
  let previousRecall = 0;
  for (let i = 0; i < m; i++) {
    const tp = tps[i] as number;
    const predicted = tp + (fps[i] as number);
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = tp / totalPositive;
    ap += (recall - previousRecall) * precision;
    previousRecall = recall;
  }
  return ap;
}

export const averagePrecisionMetric = defineMetric({
  name: 'averagePrecision',
  family: 'classification',
  description:
    'Average precision: step-wise area under the precision-recall curve, no interpolation (scikit-learn average_precision_score).',
  input: z.strictObject({
    yTrue: ZLabelsSchema,
    yScore: ZBinaryScoresSchema,
    sampleWeight: ZSampleWeightSchema,
  }),
  params: z.strictObject({
    posLabel: ZLabelSchema.default(1).meta({ description: 'The positive class.' }),
  }),
  result: ZValueResultSchema,
  compute: (input, params) => ({
    value: averagePrecisionScore(input.yTrue, input.yScore, {
      posLabel: params.posLabel,
      sampleWeight: input.sampleWeight,
    }),
  }),
});
