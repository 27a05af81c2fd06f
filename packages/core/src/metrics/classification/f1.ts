import type { Label } from '../../labels/index.js';
import { ZValueResultSchema } from '../../schemas/index.js';
import { defineMetric } from '../defineMetric.js';
import {
  type PrecisionRecallFscoreOptions,
  precisionRecallFscore,
} from './precisionRecallFscore.js';
import { ZLabelPairInputSchema, ZPrfParamsSchema } from './schemas.js';

/**
 * F1 = 2·P·R / (P + R), the harmonic mean of precision and recall.
 *
 * Reference: scikit-learn 1.2.1 `sklearn.metrics.f1_score` (see {@link precisionRecallFscore} for
 * the averaging and 0/0 rules).
 *
 * @example f1Score([1, 0, 1, 1], [1, 1, 0, 1]) // binary, posLabel 1
 */
export function f1Score(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: PrecisionRecallFscoreOptions = {},
): number {
  return precisionRecallFscore(yTrue, yPred, 1, options).fScore;
}

export const f1Metric = defineMetric({
  name: 'f1',
  family: 'classification',
  description:
    'F1 = 2·P·R / (P + R), the harmonic mean of precision and recall (scikit-learn f1_score).',
  input: ZLabelPairInputSchema,
  params: ZPrfParamsSchema,
  result: ZValueResultSchema,
  compute: (input, params) => ({
    value: f1Score(input.yTrue, input.yPred, { ...params, sampleWeight: input.sampleWeight }),
  }),
});
