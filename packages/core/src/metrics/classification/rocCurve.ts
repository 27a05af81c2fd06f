import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import { assertNonEmpty, assertSameLength, assertSampleWeight } from '../../guards/index.js';
import { type Label, labelKind, uniqueLabels } from '../../labels/index.js';
import { ZLabelSchema, ZLabelsSchema, ZSampleWeightSchema } from '../../schemas/index.js';
import { defineMetric } from '../defineMetric.js';
import { binaryClfCurve } from './binaryClfCurve.js';
import { resolvePosLabel } from './resolvePosLabel.js';
import { ZBinaryScoresSchema } from './scores.js';

export interface RocCurveOptions {
  /** The positive class. @default 1 when the labels are {0, 1} or {−1, 1}; required otherwise */
  posLabel?: Label;
  /** Per-sample weights (≥ 0). @default undefined (all 1) */
  sampleWeight?: readonly number[];
  /**
   * Drop thresholds that are collinear with their neighbours (they do not change the plot or the
   * area). @default true
   */
  dropIntermediate?: boolean;
}

// A type alias, not an interface: metric results must be assignable to Record<string, unknown>.
export type RocCurve = {
  /** False positive rate at each threshold, increasing from 0 to 1. */
  fpr: number[];
  /** True positive rate at each threshold, increasing from 0 to 1. */
  tpr: number[];
  /**
   * Decreasing thresholds; point i counts samples with score ≥ thresholds[i]. The first one is
   * max(score) + 1, so that the curve starts at (0, 0) (scikit-learn 1.2.1; later versions use ∞).
   */
  thresholds: number[];
};

/**
 * Checks a binary `(yTrue, yScore)` pair and returns the positive-class indicator. Shared by the
 * ROC and precision-recall curves.
 */
export function binaryTargets(
  yTrue: readonly Label[],
  yScore: readonly number[],
  posLabel: Label | undefined,
  sampleWeight: readonly number[] | undefined,
  defaultPosLabel: (classes: Label[]) => Label = (classes) => resolvePosLabel(classes, posLabel),
): { isPositive: Uint8Array; classes: Label[]; positive: Label } {
  assertSameLength('yTrue', yTrue, 'yScore', yScore, 'values');
  assertNonEmpty('yTrue', yTrue);
  labelKind('yTrue', yTrue);
  assertSampleWeight(sampleWeight, yTrue.length);
  const classes = uniqueLabels(yTrue);
  if (classes.length > 2) {
    const message = `yTrue holds ${classes.length} classes but a binary target (at most two) is expected`;
    throw new InvalidInputError(message, [{ path: ['yTrue'], message }]);
  }
  const positive = posLabel ?? defaultPosLabel(classes);
  if (classes.length === 2 && !classes.includes(positive)) {
    const message = `posLabel ${JSON.stringify(positive)} is not one of the labels ${JSON.stringify(classes)}`;
    throw new InvalidInputError(message, [{ path: ['posLabel'], message }]);
  }
  const isPositive = new Uint8Array(yTrue.length);
  for (let i = 0; i < yTrue.length; i++) isPositive[i] = yTrue[i] === positive ? 1 : 0;
  return { isPositive, classes, positive };
}

/** ROC points from the threshold counts, as scikit-learn 1.2.1's `roc_curve`. */
export function rocPoints(
  fps: Float64Array,
  tps: Float64Array,
  thresholds: Float64Array,
  dropIntermediate: boolean,
): RocCurve {
  let keep: number[] = [];
  const m = fps.length;
  if (dropIntermediate && m > 2) {
    keep.push(0);
    for (let i = 1; i < m - 1; i++) {
      const d2f = (fps[i + 1] as number) - 2 * (fps[i] as number) + (fps[i - 1] as number);
      const d2t = (tps[i + 1] as number) - 2 * (tps[i] as number) + (tps[i - 1] as number);
      if (d2f !== 0 || d2t !== 0) keep.push(i);
    }
    keep.push(m - 1);
  } else {
    keep = Array.from({ length: m }, (_, i) => i);
  }
  const lastFp = fps[m - 1] as number;
  const lastTp = tps[m - 1] as number;
  const fpr = [0];
  const tpr = [0];
  const cut = [(thresholds[0] as number) + 1];
  for (const i of keep) {
    fpr.push((fps[i] as number) / lastFp);
    tpr.push((tps[i] as number) / lastTp);
    cut.push(thresholds[i] as number);
  }
  return { fpr, tpr, thresholds: cut };
}

/**
 * Receiver operating characteristic: true positive rate against false positive rate at every
 * distinct score threshold, for plotting. One sort, O(n log n).
 *
 * Reference: scikit-learn 1.2.1 `sklearn.metrics.roc_curve(y_true, y_score, pos_label,
 * sample_weight, drop_intermediate)`.
 *
 * @throws InvalidInputError on mismatched or empty input, more than two classes, or when yTrue has
 * no positive or no negative sample (scikit-learn returns NaN rates there).
 */
export function rocCurve(
  yTrue: readonly Label[],
  yScore: readonly number[],
  options: RocCurveOptions = {},
): RocCurve {
  const { posLabel, sampleWeight, dropIntermediate = true } = options;
  const { isPositive } = binaryTargets(yTrue, yScore, posLabel, sampleWeight);
  const { fps, tps, thresholds } = binaryClfCurve(isPositive, yScore, sampleWeight);
  if (!((fps[fps.length - 1] as number) > 0) || !((tps[tps.length - 1] as number) > 0)) {
    const message =
      'yTrue needs both positive and negative samples (of positive weight); the ROC curve is undefined otherwise';
    throw new InvalidInputError(message, [{ path: ['yTrue'], message }]);
  }
  return rocPoints(fps, tps, thresholds, dropIntermediate);
}

/** Input of the binary curves: labels, one score per sample, optional weights. */
export const ZBinaryCurveInputSchema = z.strictObject({
  yTrue: ZLabelsSchema,
  yScore: ZBinaryScoresSchema,
  sampleWeight: ZSampleWeightSchema,
});

/** `posLabel` of the binary curves (default only for {0, 1} and {−1, 1} labels). */
export const ZCurvePosLabelSchema = ZLabelSchema.optional().meta({
  description: 'The positive class. Default: 1 for labels {0, 1} or {-1, 1}; required otherwise.',
});

export const rocCurveMetric = defineMetric({
  name: 'rocCurve',
  family: 'classification',
  description:
    'Points of the ROC curve (false and true positive rate per score threshold), for plots (scikit-learn 1.2.1 roc_curve).',
  input: ZBinaryCurveInputSchema,
  params: z.strictObject({
    posLabel: ZCurvePosLabelSchema,
    dropIntermediate: z.boolean().default(true).meta({
      description: 'Drop thresholds collinear with their neighbours (same plot, fewer points).',
    }),
  }),
  result: z.object({
    fpr: z.array(z.number()).meta({ description: 'False positive rate per point, 0 → 1.' }),
    tpr: z.array(z.number()).meta({ description: 'True positive rate per point, 0 → 1.' }),
    thresholds: z.array(z.number()).meta({
      description: 'Decreasing score thresholds (score ≥ threshold); the first is max score + 1.',
    }),
  }),
  compute: (input, params) =>
    rocCurve(input.yTrue, input.yScore, { ...params, sampleWeight: input.sampleWeight }),
});
