import { z } from 'zod';
import type { Label } from '../../labels/index.js';
import { ZValueResultSchema } from '../../schemas/index.js';
import { defineMetric } from '../defineMetric.js';
import {
  type PrecisionRecallFscoreOptions,
  precisionRecallFscore,
} from './precisionRecallFscore.js';
import { ZLabelPairInputSchema, ZPrfParamsSchema } from './schemas.js';

/**
 * F-beta = (1 + β²)·P·R / (β²·P + R): recall weighted β times as much as precision. β = 0 gives
 * precision, β = 1 is F1, and as β grows the score tends to recall.
 *
 * Reference: scikit-learn 1.2.1 `sklearn.metrics.fbeta_score` (see {@link precisionRecallFscore}
 * for the averaging and 0/0 rules; β = +∞ returns recall exactly, as scikit-learn does).
 *
 * @example fbetaScore([1, 0, 1, 1], [1, 1, 0, 1], 0.5)
 * @throws InvalidInputError when β < 0 (and see {@link precisionRecallFscore}).
 */
export function fbetaScore(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  beta: number,
  options: PrecisionRecallFscoreOptions = {},
): number {
  return precisionRecallFscore(yTrue, yPred, beta, options).fScore;
}

export const ZFbetaParamsSchema = ZPrfParamsSchema.extend({
  beta: z
    .number()
    .nonnegative()
    .meta({ description: 'Weight of recall relative to precision (β ≥ 0).' }),
});

export const fbetaMetric = defineMetric({
  name: 'fbeta',
  family: 'classification',
  description:
    'F-beta: weighted harmonic mean of precision and recall, recall counting β times as much (scikit-learn fbeta_score).',
  input: ZLabelPairInputSchema,
  params: ZFbetaParamsSchema,
  result: ZValueResultSchema,
  compute: (input, params) => ({
    value: fbetaScore(input.yTrue, input.yPred, params.beta, {
      average: params.average,
      posLabel: params.posLabel,
      zeroDivision: params.zeroDivision,
      sampleWeight: input.sampleWeight,
    }),
  }),
});
