import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import type { Label } from '../../labels/index.js';
import { defineMetric } from '../defineMetric.js';
import { binaryClfCurve } from './binaryClfCurve.js';
import { binaryTargets, ZBinaryCurveInputSchema, ZCurvePosLabelSchema } from './rocCurve.js';

export interface PrecisionRecallCurveOptions {
  /** The positive class. @default 1 when the labels are {0, 1} or {−1, 1}; required otherwise */
  posLabel?: Label;
  /** Per-sample weights (≥ 0). @default undefined (all 1) */
  sampleWeight?: readonly number[];
}

// A type alias, not an interface: metric results must be assignable to Record<string, unknown>.
export type PrecisionRecallCurve = {
  /** Precision at each threshold, then a final 1 (recall 0). */
  precision: number[];
  /** Recall at each threshold (decreasing), then a final 0. */
  recall: number[];
  /** Increasing thresholds; point i counts samples with score ≥ thresholds[i]. */
  thresholds: number[];
};

/**
 * Precision and recall at every distinct score threshold, for plotting. Points are ordered by
 * increasing threshold (recall decreasing) and end with (recall 0, precision 1), which has no
 * threshold. A threshold with no predicted positive has precision 0.
 *
 * Reference: scikit-learn 1.2.1 `sklearn.metrics.precision_recall_curve(y_true, probas_pred,
 * pos_label, sample_weight)` (all thresholds kept; 1.2.1 no longer stops at full recall).
 *
 * @throws InvalidInputError on mismatched or empty input, more than two classes, or no positive
 * sample (scikit-learn sets recall to 1 there with a warning).
 */
export function precisionRecallCurve(
  yTrue: readonly Label[],
  yScore: readonly number[],
  options: PrecisionRecallCurveOptions = {},
): PrecisionRecallCurve {
  const { posLabel, sampleWeight } = options;
  const { isPositive, positive } = binaryTargets(yTrue, yScore, posLabel, sampleWeight);
  const { fps, tps, thresholds } = binaryClfCurve(isPositive, yScore, sampleWeight);
  const m = tps.length;
  const totalPositive = tps[m - 1] as number;
  if (!(totalPositive > 0)) {
    const message = `no positive samples (posLabel ${JSON.stringify(positive)}) in yTrue; precision and recall are undefined`;
    throw new InvalidInputError(message, [{ path: ['yTrue'], message }]);
  }
  const precision: number[] = [];
  const recall: number[] = [];
  const cut: number[] = [];
  for (let i = m - 1; i >= 0; i--) {
    const tp = tps[i] as number;
    const predicted = tp + (fps[i] as number);
    precision.push(predicted === 0 ? 0 : tp / predicted);
    recall.push(tp / totalPositive);
    cut.push(thresholds[i] as number);
  }
  precision.push(1);
  recall.push(0);
  return { precision, recall, thresholds: cut };
}

export const precisionRecallCurveMetric = defineMetric({
  name: 'precisionRecallCurve',
  family: 'classification',
  description:
    'Points of the precision-recall curve (precision and recall per score threshold), for plots (scikit-learn 1.2.1 precision_recall_curve).',
  input: ZBinaryCurveInputSchema,
  params: z.strictObject({ posLabel: ZCurvePosLabelSchema }),
  result: z.object({
    precision: z
      .array(z.number())
      .meta({ description: 'Precision per threshold, then a final 1 (recall 0).' }),
    recall: z
      .array(z.number())
      .meta({ description: 'Recall per threshold (decreasing), then a final 0.' }),
    thresholds: z.array(z.number()).meta({
      description: 'Increasing score thresholds (score ≥ threshold); one fewer than the points.',
    }),
  }),
  compute: (input, params) =>
    precisionRecallCurve(input.yTrue, input.yScore, {
      posLabel: params.posLabel,
      sampleWeight: input.sampleWeight,
    }),
});
