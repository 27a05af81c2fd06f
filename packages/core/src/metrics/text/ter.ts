import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import { assertNonEmpty, assertSameLength } from '../../guards/index.js';
import { type ComputeLimits, checkLimit, resolveLimits } from '../../limits/index.js';
import { defineMetric } from '../defineMetric.js';
import { formatPath } from '../formatPath.js';
import { TEXT_SIGNATURE_VERSION } from './bleuScore.js';
import { pyRstrip, pySplit } from './pythonStrings.js';
import { translationEditRate } from './terEditDistance.js';

export interface TerOptions {
  /** Compare case-sensitively. @default false */
  caseSensitive?: boolean;
  /** Tercom's normalisation: tokenize punctuation, unescape XML entities. @default false */
  normalized?: boolean;
  /** Remove the punctuation `. , ? : ; ! " ( )`. @default false */
  noPunct?: boolean;
}

export const ZTerResultSchema = z.object({
  score: z.number(),
  numEdits: z.number(),
  refLength: z.number(),
  signature: z.string(),
});
export type TTerResult = z.infer<typeof ZTerResultSchema>;

/** sacrebleu `TercomTokenizer._normalize_general_and_western`. */
function normalizeWestern(text: string): string {
  let s = text
    .replace(/\n-/g, '')
    .replace(/\n/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
  s = ` ${s} `;
  s = s.replace(/([{-~[-` -&(-+:-@/])/g, ' $1 ');
  s = s.replace(/'s /g, " 's ").replace(/'s$/g, " 's");
  s = s.replace(/([^0-9])([.,])/g, '$1 $2 ');
  s = s.replace(/([.,])([^0-9])/g, ' $1 $2');
  s = s.replace(/([0-9])(-)/g, '$1 $2 ');
  return s;
}

/** sacrebleu `TercomTokenizer` (no Asian support): lowercase, normalise, strip punctuation. */
export function tercomTokenize(sentence: string, options: Required<TerOptions>): string[] {
  let s = pyRstrip(sentence);
  if (s === '') return [];
  if (!options.caseSensitive) s = s.toLowerCase();
  if (options.normalized) s = normalizeWestern(s);
  if (options.noPunct) s = s.replace(/[.,?:;!"()]/g, '');
  return pySplit(s);
}

/**
 * Translation edit rate (0–100+): edits / reference words, where an edit is an insertion,
 * deletion, substitution or shift of a block of words, exactly as sacrebleu 2.6.0 `corpus_ter`
 * (defaults: case-insensitive, no normalisation, punctuation kept). With several references the
 * fewest edits count and the reference length is the mean over references; edits and lengths are
 * summed over the corpus.
 *
 * @param limits - `maxTerTokens`: tokens per hypothesis or reference (default 256), checked for
 * every segment before any is scored.
 * @throws InvalidInputError on mismatched or empty input or a hypothesis without reference.
 * @throws LimitExceededError when a segment has more than `maxTerTokens` tokens.
 */
export function ter(
  hypotheses: readonly string[],
  references: readonly (readonly string[])[],
  options: TerOptions = {},
  limits?: Partial<ComputeLimits>,
): TTerResult {
  const resolved = { caseSensitive: false, normalized: false, noPunct: false, ...options };
  assertSameLength('hypotheses', hypotheses, 'references', references, 'segments');
  assertNonEmpty('hypotheses', hypotheses);
  // Every segment is measured before any is scored: the edit distance with shifts grows faster
  // than quadratically in its length.
  const bounds = resolveLimits(limits);
  hypotheses.forEach((hypothesis, i) => {
    const check = (text: string, path: (string | number)[]) =>
      checkLimit(
        bounds,
        'maxTerTokens',
        tercomTokenize(text, resolved).length,
        `${formatPath(path)} has more tokens than TER accepts per segment`,
        path,
      );
    check(hypothesis, ['hypotheses', i]);
    for (const [k, ref] of (references[i] ?? []).entries()) check(ref, ['references', i, k]);
  });
  let totalEdits = 0;
  let totalRefLength = 0;
  const refCounts = new Set<number>();
  hypotheses.forEach((hypothesis, i) => {
    const refs = references[i] as readonly string[];
    if (refs.length === 0) {
      const message = `references[${i}] is empty; each hypothesis needs at least one reference`;
      throw new InvalidInputError(message, [{ path: ['references', i], message }]);
    }
    refCounts.add(refs.length);
    const hypWords = tercomTokenize(hypothesis, resolved);
    let best = 1e16;
    let refLengths = 0;
    for (const ref of refs) {
      const [edits, refLen] = translationEditRate(hypWords, tercomTokenize(ref, resolved));
      refLengths += refLen;
      if (edits < best) best = edits;
    }
    totalEdits += best;
    totalRefLength += refLengths / refs.length;
  });
  const score = totalRefLength > 0 ? totalEdits / totalRefLength : totalEdits > 0 ? 1 : 0;
  const nrefs = refCounts.size === 1 ? [...refCounts][0] : 'var';
  return {
    score: 100 * score,
    numEdits: totalEdits,
    refLength: totalRefLength,
    signature: `nrefs:${nrefs}|case:${resolved.caseSensitive ? 'mixed' : 'lc'}|tok:tercom|norm:${resolved.normalized ? 'yes' : 'no'}|punct:${resolved.noPunct ? 'no' : 'yes'}|asian:no|version:${TEXT_SIGNATURE_VERSION}`,
  };
}

export const terMetric = defineMetric({
  name: 'ter',
  family: 'text',
  description:
    'Translation edit rate with block shifts (0–100+, lower is better), sacrebleu 2.6.0 corpus_ter semantics.',
  input: z.strictObject({
    hypotheses: z.array(z.string()).meta({ description: 'System outputs, one per segment.' }),
    references: z
      .array(z.array(z.string()))
      .meta({ description: 'references[i]: the references of hypothesis i.' }),
  }),
  params: z.strictObject({
    caseSensitive: z.boolean().default(false).meta({ description: 'Case-sensitive comparison.' }),
    normalized: z.boolean().default(false).meta({ description: 'Tercom normalisation.' }),
    noPunct: z.boolean().default(false).meta({ description: 'Remove punctuation.' }),
  }),
  result: ZTerResultSchema,
  compute: (input, params, { limits }) => ter(input.hypotheses, input.references, params, limits),
});
