import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import { assertSampleWeight } from '../../guards/index.js';
import type { Label } from '../../labels/index.js';
import { ZLabelsSchema, ZNanableValueResultSchema } from '../../schemas/index.js';
import { defineMetric } from '../defineMetric.js';
import { checkLabelPair } from './checkLabelPair.js';
import { confusionCounts } from './confusionCounts.js';
import { resolveLabels } from './resolveLabels.js';
import { ZLabelPairInputSchema } from './schemas.js';

export type KappaWeights = 'none' | 'linear' | 'quadratic';

export interface CohenKappaOptions {
  /**
   * Disagreement weights between label indices i and j: `none` 1[i ≠ j], `linear` |i − j|,
   * `quadratic` (i − j)². @default 'none'
   */
  weights?: KappaWeights;
  /**
   * The labels and their order (which fixes the weights); samples with other labels are dropped.
   * @default the sorted union of both raters' labels
   */
  labels?: readonly Label[];
  /** Per-sample weights (≥ 0). @default undefined (all 1) */
  sampleWeight?: readonly number[];
}

/**
 * Cohen's kappa, agreement between two raters beyond chance: κ = 1 − Σ wᵢⱼOᵢⱼ / Σ wᵢⱼEᵢⱼ, with O the
 * confusion matrix and E the outer product of its marginals over the total.
 *
 * Reference: scikit-learn 1.2.1 `sklearn.metrics.cohen_kappa_score(y1, y2, labels, weights,
 * sample_weight)`. The linear and quadratic weights use the **index** of each label in the sorted
 * label list (or in `labels`), not the label values: string ratings `good/ok/bad` sort as
 * `bad < good < ok`, so pass `labels` to give their ordinal order. 0/0 (e.g. a single label) gives
 * NaN, as in scikit-learn.
 */
export function cohenKappaScore(
  y1: readonly Label[],
  y2: readonly Label[],
  options: CohenKappaOptions = {},
): number {
  const { weights = 'none', sampleWeight } = options;
  if (weights !== 'none' && weights !== 'linear' && weights !== 'quadratic') {
    const message = `unknown weighting ${JSON.stringify(weights)}; expected none, linear or quadratic`;
    throw new InvalidInputError(message, [{ path: ['weights'], message }]);
  }
  checkLabelPair(y1, y2);
  assertSampleWeight(sampleWeight, y1.length);
  const labels = resolveLabels(y1, y2, options.labels);
  const k = labels.length;
  const confusion = confusionCounts(y1, y2, labels, sampleWeight);
  const rowSums = new Float64Array(k);
  const colSums = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const c = confusion[i * k + j] as number;
      rowSums[i] = (rowSums[i] as number) + c;
      colSums[j] = (colSums[j] as number) + c;
      total += c;
    }
  }
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const d = Math.abs(i - j);
      const w = weights === 'none' ? (d === 0 ? 0 : 1) : weights === 'linear' ? d : d * d;
      if (w === 0) continue;
      observed += w * (confusion[i * k + j] as number);
      // scikit-learn: expected = outer(column sums, row sums) / total.
      expected += (w * ((colSums[i] as number) * (rowSums[j] as number))) / total;
    }
  }
  return 1 - observed / expected;
}

export const ZCohenKappaParamsSchema = z.strictObject({
  weights: z
    .enum(['none', 'linear', 'quadratic'])
    .default('none')
    .meta({ description: 'Disagreement weights over label indices.' }),
  labels: ZLabelsSchema.optional().meta({
    description: 'Labels in the order that defines the weights. Default: sorted union.',
  }),
});

export const cohenKappaMetric = defineMetric({
  name: 'cohenKappa',
  family: 'classification',
  description:
    "Cohen's kappa: agreement of two raters beyond chance, unweighted, linear or quadratic (scikit-learn cohen_kappa_score).",
  input: ZLabelPairInputSchema,
  params: ZCohenKappaParamsSchema,
  result: ZNanableValueResultSchema,
  compute: (input, params) => ({
    value: cohenKappaScore(input.yTrue, input.yPred, {
      ...params,
      sampleWeight: input.sampleWeight,
    }),
  }),
});
