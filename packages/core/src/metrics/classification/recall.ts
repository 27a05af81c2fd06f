import type { Label } from '../../labels/index.js';
import { ZValueResultSchema } from '../../schemas/index.js';
import { defineMetric } from '../defineMetric.js';
import {
  type PrecisionRecallFscoreOptions,
  precisionRecallFscore,
} from './precisionRecallFscore.js';
import { ZLabelPairInputSchema, ZPrfParamsSchema } from './schemas.js';

/**
 * Recall tp / (tp + fn): the fraction of actual positives that are found (sensitivity, true positive rate).
 *
 * Reference: scikit-learn 1.2.1 `sklearn.metrics.recall_score` (see {@link precisionRecallFscore} for
 * the averaging and 0/0 rules).
 *
 * @example recallScore([1, 0, 1, 1], [1, 1, 0, 1]) // binary, posLabel 1
 */
export function recallScore(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: PrecisionRecallFscoreOptions = {},
): number {
  return precisionRecallFscore(yTrue, yPred, 1, options).recall;
}

export const recallMetric = defineMetric({
  name: 'recall',
  family: 'classification',
  description:
    'Recall tp / (tp + fn): the fraction of actual positives that are found (sensitivity, true positive rate) (scikit-learn recall_score).',
  input: ZLabelPairInputSchema,
  params: ZPrfParamsSchema,
  result: ZValueResultSchema,
  compute: (input, params) => ({
    value: recallScore(input.yTrue, input.yPred, { ...params, sampleWeight: input.sampleWeight }),
  }),
});
