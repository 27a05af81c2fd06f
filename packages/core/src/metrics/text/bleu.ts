import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import { assertNonEmpty, assertSameLength } from '../../guards/index.js';
import { defineMetric } from '../defineMetric.js';
import {
  type BleuOptions,
  bleuFromStatistics,
  checkBleuOptions,
  type TBleuResult,
  ZBleuParamsSchema,
  ZBleuResultSchema,
} from './bleuScore.js';
import { BleuCounter, MAX_NGRAM_ORDER, segmentStatistics } from './bleuStatistics.js';

/**
 * Corpus BLEU (0–100): statistics summed over all segments, then bp·exp(mean log pₙ) over
 * n = 1..4, exactly as sacrebleu 2.6.0 `corpus_bleu` (see {@link bleuFromStatistics}).
 *
 * `references[i]` lists the references of hypothesis i; their number may vary (sacrebleu's stream
 * j is the j-th reference of every segment, a missing one skipped). Per segment the closest
 * reference length counts (ties → the shorter) and n-gram matches are clipped by the maximum count
 * over the references. The result carries a sacrebleu-style signature
 * (`nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:…`).
 *
 * @throws InvalidInputError when the numbers of hypotheses and reference lists differ (sacrebleu
 * silently truncates), there is no hypothesis, a hypothesis has no reference, or an option is
 * unknown.
 */
export function corpusBleu(
  hypotheses: readonly string[],
  references: readonly (readonly string[])[],
  options: BleuOptions = {},
): TBleuResult {
  const resolved = checkBleuOptions(options);
  assertSameLength('hypotheses', hypotheses, 'references', references, 'segments');
  assertNonEmpty('hypotheses', hypotheses);
  const refCounts = new Set<number>();
  const counter = new BleuCounter();
  const stats = {
    sysLen: 0,
    refLen: 0,
    correct: new Array<number>(MAX_NGRAM_ORDER).fill(0),
    total: new Array<number>(MAX_NGRAM_ORDER).fill(0),
  };
  hypotheses.forEach((hypothesis, i) => {
    const refs = references[i] as readonly string[];
    if (refs.length === 0) {
      const message = `references[${i}] is empty; each hypothesis needs at least one reference`;
      throw new InvalidInputError(message, [{ path: ['references', i], message }]);
    }
    refCounts.add(refs.length);
    const s = segmentStatistics(hypothesis, refs, resolved.tokenize, resolved.lowercase, counter);
    stats.sysLen += s.sysLen;
    stats.refLen += s.refLen;
    for (let n = 0; n < MAX_NGRAM_ORDER; n++) {
      stats.correct[n] = (stats.correct[n] as number) + (s.correct[n] as number);
      stats.total[n] = (stats.total[n] as number) + (s.total[n] as number);
    }
  });
  const nrefs = refCounts.size === 1 ? ([...refCounts][0] as number) : 'var';
  return bleuFromStatistics(stats, resolved, false, nrefs);
}

export const bleuMetric = defineMetric({
  name: 'bleu',
  family: 'text',
  description:
    'Corpus BLEU (0–100) with sacrebleu 2.6.0 tokenizers and smoothing, several references per hypothesis.',
  input: z.strictObject({
    hypotheses: z.array(z.string()).meta({ description: 'System outputs, one per segment.' }),
    references: z
      .array(z.array(z.string()))
      .meta({ description: 'references[i]: the reference translations of hypothesis i.' }),
  }),
  params: ZBleuParamsSchema,
  result: ZBleuResultSchema,
  compute: (input, params) => corpusBleu(input.hypotheses, input.references, params),
});
