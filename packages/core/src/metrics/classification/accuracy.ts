import { z } from 'zod';
import { assertSampleWeight } from '../../guards/index.js';
import type { Label } from '../../labels/index.js';
import { ZLabelsSchema, ZSampleWeightSchema, ZValueResultSchema } from '../../schemas/index.js';
import { defineMetric } from '../defineMetric.js';
import { checkLabelPair } from './checkLabelPair.js';

export interface AccuracyScoreOptions {
  /**
   * Return the (weighted) fraction of correct predictions; `false` returns their (weighted) count.
   * @default true
   */
  normalize?: boolean;
  /** Per-sample weights (≥ 0, positive total). @default undefined (all 1) */
  sampleWeight?: readonly number[];
}

/**
 * Accuracy: the fraction of samples whose predicted label equals the true label,
 * `Σ wᵢ·1[yTrueᵢ = yPredᵢ] / Σ wᵢ` (or the numerator alone with `normalize: false`).
 *
 * Reference: scikit-learn `sklearn.metrics.accuracy_score(y_true, y_pred, normalize,
 * sample_weight)`. Unlike scikit-learn, which returns NaN on empty input, an empty input throws.
 *
 * @example accuracyScore([1, 0, 1], [1, 1, 1]) // 0.6666666666666666
 * @throws InvalidInputError when the lengths differ, the input is empty, labels mix numbers and
 * strings, or the weights are invalid.
 */
export function accuracyScore(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: AccuracyScoreOptions = {},
): number {
  const { normalize = true, sampleWeight } = options;
  checkLabelPair(yTrue, yPred);
  assertSampleWeight(sampleWeight, yTrue.length);
  const n = yTrue.length;
  let correct = 0;
  let total = 0;
  if (sampleWeight === undefined) {
    for (let i = 0; i < n; i++) if (yTrue[i] === yPred[i]) correct++;
    total = n;
  } else {
    for (let i = 0; i < n; i++) {
      const w = sampleWeight[i] as number;
      if (yTrue[i] === yPred[i]) correct += w;
      total += w;
    }
  }
  return normalize ? correct / total : correct;
}

export const ZAccuracyInputSchema = z.strictObject({
  yTrue: ZLabelsSchema,
  yPred: ZLabelsSchema,
  sampleWeight: ZSampleWeightSchema,
});

export const ZAccuracyParamsSchema = z.strictObject({
  normalize: z
    .boolean()
    .default(true)
    .meta({ description: 'Fraction of correct predictions (true) or their count (false).' }),
});

export const accuracyMetric = defineMetric({
  name: 'accuracy',
  family: 'classification',
  description:
    'Fraction of samples whose predicted label equals the true label (scikit-learn accuracy_score).',
  input: ZAccuracyInputSchema,
  params: ZAccuracyParamsSchema,
  result: ZValueResultSchema,
  compute: (input, params) => ({
    value: accuracyScore(input.yTrue, input.yPred, {
      normalize: params.normalize,
      sampleWeight: input.sampleWeight,
    }),
  }),
});
