import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import { assertNonEmpty, assertSameLength } from '../../guards/index.js';
import { defineMetric } from '../defineMetric.js';
import { TEXT_SIGNATURE_VERSION } from './bleuScore.js';
import { pySplit } from './pythonStrings.js';

export interface ChrfOptions {
  /** Character n-gram order. @default 6 */
  charOrder?: number;
  /** Word n-gram order: 0 = chrF, 2 = chrF++. @default 0 */
  wordOrder?: number;
  /** Recall is β times as important as precision (β > 0). @default 2 */
  beta?: number;
  /** Lowercase before extracting n-grams. @default false */
  lowercase?: boolean;
}

export const ZChrfResultSchema = z.object({ score: z.number(), signature: z.string() });
export type TChrfResult = z.infer<typeof ZChrfResultSchema>;

// Python's string.punctuation.
const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

function count(keys: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

function* charNgrams(chars: readonly string[], n: number): Generator<string> {
  for (let i = 0; i + n <= chars.length; i++) yield chars.slice(i, i + n).join('');
}

function* wordNgrams(words: readonly string[], n: number): Generator<string> {
  for (let i = 0; i + n <= words.length; i++) yield words.slice(i, i + n).join(' ');
}

/**
 * chrF++'s primitive word split (sacrebleu `CHRF._remove_punctuation`): whitespace split, then for
 * words longer than one character one trailing ASCII punctuation character is split off, else one
 * leading one (`(hi)` → `(hi`, `)`).
 */
function chrfWords(sentence: string): string[] {
  const words: string[] = [];
  for (const w of pySplit(sentence)) {
    const chars = Array.from(w);
    if (chars.length === 1) {
      words.push(w);
    } else if (PUNCTUATION.has(chars[chars.length - 1] as string)) {
      words.push(chars.slice(0, -1).join(''), chars[chars.length - 1] as string);
    } else if (PUNCTUATION.has(chars[0] as string)) {
      words.push(chars[0] as string, chars.slice(1).join(''));
    } else {
      words.push(w);
    }
  }
  return words;
}

/** n-gram counts per order: character orders 1..charOrder (whitespace removed), then word orders. */
export function allNgrams(
  sentence: string,
  charOrder: number,
  wordOrder: number,
): Map<string, number>[] {
  const chars = Array.from(pySplit(sentence).join(''));
  const orders: Map<string, number>[] = [];
  for (let n = 1; n <= charOrder; n++) orders.push(count(charNgrams(chars, n)));
  if (wordOrder > 0) {
    const words = chrfWords(sentence);
    for (let n = 1; n <= wordOrder; n++) orders.push(count(wordNgrams(words, n)));
  }
  return orders;
}

/** [hyp, ref, match] per order; a hypothesis count is 0 where the reference has no n-gram. */
export function matchStatistics(hyp: Map<string, number>[], ref: Map<string, number>[]): number[] {
  const stats: number[] = [];
  hyp.forEach((h, i) => {
    const r = ref[i] as Map<string, number>;
    let hypCount = 0;
    let refCount = 0;
    let matches = 0;
    for (const c of r.values()) refCount += c;
    for (const [key, c] of h) {
      hypCount += c;
      const rc = r.get(key);
      if (rc !== undefined) matches += Math.min(c, rc);
    }
    stats.push(refCount > 0 ? hypCount : 0, refCount, matches);
  });
  return stats;
}

/**
 * sacrebleu `CHRF._compute_f_score`: precision and recall are averaged over the orders where both
 * the hypothesis and the reference have n-grams (effective order), then F_β of those averages (not
 * the mean of per-order F).
 */
export function fScore(stats: readonly number[], beta: number): number {
  const factor = beta * beta;
  let avgPrec = 0;
  let avgRec = 0;
  let effectiveOrder = 0;
  for (let i = 0; i < stats.length; i += 3) {
    const nHyp = stats[i] as number;
    const nRef = stats[i + 1] as number;
    const nMatch = stats[i + 2] as number;
    if (nHyp > 0 && nRef > 0) {
      avgPrec += nMatch / nHyp;
      avgRec += nMatch / nRef;
      effectiveOrder++;
    }
  }
  if (effectiveOrder === 0) return 0;
  avgPrec /= effectiveOrder;
  avgRec /= effectiveOrder;
  if (avgPrec + avgRec === 0) return 0;
  return (100 * ((1 + factor) * avgPrec * avgRec)) / (factor * avgPrec + avgRec);
}

/**
 * chrF / chrF++ (0–100), sacrebleu 2.6.0 `corpus_chrf` with its defaults (no whitespace, no eps
 * smoothing): character n-grams of orders 1..charOrder over code points with all whitespace
 * removed, plus word n-grams of orders 1..wordOrder for chrF++. Per segment the reference with the
 * best F is kept; statistics are summed over the corpus before the final F_β.
 *
 * @throws InvalidInputError on mismatched or empty input, a hypothesis without reference, or
 * invalid orders / β.
 */
export function chrf(
  hypotheses: readonly string[],
  references: readonly (readonly string[])[],
  options: ChrfOptions = {},
): TChrfResult {
  const { charOrder = 6, wordOrder = 0, beta = 2, lowercase = false } = options;
  if (!(Number.isInteger(charOrder) && charOrder >= 1)) {
    const message = `charOrder is ${charOrder}; expected an integer ≥ 1`;
    throw new InvalidInputError(message, [{ path: ['charOrder'], message }]);
  }
  if (!(Number.isInteger(wordOrder) && wordOrder >= 0)) {
    const message = `wordOrder is ${wordOrder}; expected an integer ≥ 0`;
    throw new InvalidInputError(message, [{ path: ['wordOrder'], message }]);
  }
  if (!(beta > 0)) {
    const message = `beta is ${beta}; expected a number > 0`;
    throw new InvalidInputError(message, [{ path: ['beta'], message }]);
  }
  assertSameLength('hypotheses', hypotheses, 'references', references, 'segments');
  assertNonEmpty('hypotheses', hypotheses);
  const prep = (s: string) => (lowercase ? s.toLowerCase() : s);
  const totals = new Array<number>(3 * (charOrder + wordOrder)).fill(0);
  const refCounts = new Set<number>();
  hypotheses.forEach((hypothesis, i) => {
    const refs = references[i] as readonly string[];
    if (refs.length === 0) {
      const message = `references[${i}] is empty; each hypothesis needs at least one reference`;
      throw new InvalidInputError(message, [{ path: ['references', i], message }]);
    }
    refCounts.add(refs.length);
    const hyp = allNgrams(prep(hypothesis), charOrder, wordOrder);
    let best: number[] = [];
    let bestF = -1;
    for (const ref of refs) {
      const stats = matchStatistics(hyp, allNgrams(prep(ref), charOrder, wordOrder));
      const f = fScore(stats, beta);
      if (f > bestF) {
        bestF = f;
        best = stats;
      }
    }
    best.forEach((v, k) => {
      totals[k] = (totals[k] as number) + v;
    });
  });
  const nrefs = refCounts.size === 1 ? [...refCounts][0] : 'var';
  return {
    score: fScore(totals, beta),
    signature: `nrefs:${nrefs}|case:${lowercase ? 'lc' : 'mixed'}|eff:yes|nc:${charOrder}|nw:${wordOrder}|space:no|version:${TEXT_SIGNATURE_VERSION}`,
  };
}

export const chrfMetric = defineMetric({
  name: 'chrf',
  family: 'text',
  description:
    'chrF / chrF++ character n-gram F-score (0–100), sacrebleu 2.6.0 corpus_chrf semantics.',
  input: z.strictObject({
    hypotheses: z.array(z.string()).meta({ description: 'System outputs, one per segment.' }),
    references: z
      .array(z.array(z.string()))
      .meta({ description: 'references[i]: the references of hypothesis i.' }),
  }),
  params: z.strictObject({
    charOrder: z.number().int().min(1).default(6).meta({ description: 'Character n-gram order.' }),
    wordOrder: z
      .number()
      .int()
      .min(0)
      .default(0)
      .meta({ description: 'Word n-gram order (2 = chrF++).' }),
    beta: z.number().gt(0).default(2).meta({ description: 'Recall weight β.' }),
    lowercase: z.boolean().default(false).meta({ description: 'Case-insensitive.' }),
  }),
  result: ZChrfResultSchema,
  compute: (input, params) => chrf(input.hypotheses, input.references, params),
});
