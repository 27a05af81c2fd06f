import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import { assertNonEmpty, assertSameLength, assertSampleWeight } from '../../guards/index.js';
import { type Label, labelKind, uniqueLabels } from '../../labels/index.js';
import {
  ZLabelSchema,
  ZLabelsSchema,
  ZSampleWeightSchema,
  ZValueResultSchema,
} from '../../schemas/index.js';
import { defineMetric } from '../defineMetric.js';
import { resolvePosLabel } from './resolvePosLabel.js';
import { ZBinaryScoresSchema } from './scores.js';

export interface BrierScoreOptions {
  /**
   * The class whose probability yProb gives. @default 1 for labels {0, 1} or {−1, 1}, else the
   * greater numeric label; string labels must give it
   */
  posLabel?: Label;
  /** Per-sample weights (≥ 0). @default undefined (all 1) */
  sampleWeight?: readonly number[];
}

/**
 * Brier score: mean squared difference between the predicted probability and the outcome,
 * Σ wᵢ(pᵢ − 1[yᵢ = posLabel])² / Σ wᵢ. Lower is better; 0 is perfect.
 *
 * Reference: scikit-learn 1.2.1 `sklearn.metrics.brier_score_loss(y_true, y_prob, sample_weight,
 * pos_label)`, binary only. An explicit `posLabel` need not occur in yTrue (then every outcome is
 * 0), as in scikit-learn.
 *
 * @throws InvalidInputError when yTrue has more than two classes, a probability lies outside
 * [0, 1], string labels come without `posLabel`, or on mismatched or empty input.
 */
export function brierScoreLoss(
  yTrue: readonly Label[],
  yProb: readonly number[],
  options: BrierScoreOptions = {},
): number {
  const { sampleWeight } = options;
  assertSameLength('yTrue', yTrue, 'yScore', yProb, 'values');
  assertNonEmpty('yTrue', yTrue);
  labelKind('yTrue', yTrue);
  assertSampleWeight(sampleWeight, yTrue.length);
  const classes = uniqueLabels(yTrue);
  if (classes.length > 2) {
    const message = `yTrue holds ${classes.length} classes; the Brier score supports binary targets only`;
    throw new InvalidInputError(message, [{ path: ['yTrue'], message }]);
  }
  yProb.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) {
      const message = `yScore[${i}] is ${p}; probabilities must lie in [0, 1]`;
      throw new InvalidInputError(message, [{ path: ['yScore', i], message }]);
    }
  });
  const positive = resolvePosLabel(classes, options.posLabel, true);
  let total = 0;
  let weightSum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const outcome = yTrue[i] === positive ? 1 : 0;
    const d = outcome - (yProb[i] as number);
    const w = sampleWeight === undefined ? 1 : (sampleWeight[i] as number);
    total += d * d * w;
    weightSum += w;
  }
  return total / weightSum;
}

export const brierScoreMetric = defineMetric({
  name: 'brierScore',
  family: 'classification',
  description:
    'Brier score: mean squared error of the predicted probability of the positive class (scikit-learn brier_score_loss).',
  input: z.strictObject({
    yTrue: ZLabelsSchema,
    yScore: ZBinaryScoresSchema,
    sampleWeight: ZSampleWeightSchema,
  }),
  params: z.strictObject({
    posLabel: ZLabelSchema.optional().meta({
      description:
        'The class yScore is the probability of. Default: 1 for {0,1}/{-1,1}, else the greater label.',
    }),
  }),
  result: ZValueResultSchema,
  compute: (input, params) => ({
    value: brierScoreLoss(input.yTrue, input.yScore, {
      posLabel: params.posLabel,
      sampleWeight: input.sampleWeight,
    }),
  }),
});
