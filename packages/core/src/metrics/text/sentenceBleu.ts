import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import { defineMetric } from '../defineMetric.js';
import {
  type BleuOptions,
  bleuFromStatistics,
  checkBleuOptions,
  type TBleuResult,
  ZBleuParamsSchema,
  ZBleuResultSchema,
} from './bleuScore.js';
import { segmentStatistics } from './bleuStatistics.js';

/**
 * Sentence BLEU (0–100) of one hypothesis against its references, as sacrebleu 2.6.0
 * `sentence_bleu`: like corpus BLEU on one segment but with the effective order on (orders whose
 * hypothesis has no n-gram are dropped from the geometric mean), so short sentences are not
 * scored 0 merely for being short.
 *
 * @throws InvalidInputError when there is no reference or an option is unknown.
 */
export function sentenceBleu(
  hypothesis: string,
  references: readonly string[],
  options: BleuOptions = {},
): TBleuResult {
  const resolved = checkBleuOptions(options);
  if (references.length === 0) {
    const message = 'references is empty; the hypothesis needs at least one reference';
    throw new InvalidInputError(message, [{ path: ['references'], message }]);
  }
  const stats = segmentStatistics(hypothesis, references, resolved.tokenize, resolved.lowercase);
  return bleuFromStatistics(stats, resolved, true, references.length);
}

export const sentenceBleuMetric = defineMetric({
  name: 'sentenceBleu',
  family: 'text',
  description:
    'Sentence BLEU (0–100) with effective order, sacrebleu 2.6.0 sentence_bleu semantics.',
  input: z.strictObject({
    hypothesis: z.string().meta({ description: 'The system output.' }),
    references: z.array(z.string()).meta({ description: 'Its reference translations.' }),
  }),
  params: ZBleuParamsSchema,
  result: ZBleuResultSchema,
  compute: (input, params) => sentenceBleu(input.hypothesis, input.references, params),
});
