import type { Label } from '../../labels/index.js';
import { ZValueResultSchema } from '../../schemas/index.js';
import { defineMetric } from '../defineMetric.js';
import {
  type PrecisionRecallFscoreOptions,
  precisionRecallFscore,
} from './precisionRecallFscore.js';
import { ZLabelPairInputSchema, ZPrfParamsSchema } from './schemas.js';

/**
 * Precision tp / (tp + fp): the fraction of predicted positives that are right.
 *
 * Reference: scikit-learn 1.2.1 `sklearn.metrics.precision_score` (see {@link precisionRecallFscore} for
 * the averaging and 0/0 rules).
 *
 * @example precisionScore([1, 0, 1, 1], [1, 1, 0, 1]) // binary, posLabel 1
 */
export function precisionScore(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: PrecisionRecallFscoreOptions = {},
): number {
  return precisionRecallFscore(yTrue, yPred, 1, options).precision;
}

export const precisionMetric = defineMetric({
  name: 'precision',
  family: 'classification',
  description:
    'Precision tp / (tp + fp): the fraction of predicted positives that are right (scikit-learn precision_score).',
  input: ZLabelPairInputSchema,
  params: ZPrfParamsSchema,
  result: ZValueResultSchema,
  compute: (input, params) => ({
    value: precisionScore(input.yTrue, input.yPred, {
      ...params,
      sampleWeight: input.sampleWeight,
    }),
  }),
});
