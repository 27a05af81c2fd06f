import { type BleuTokenizer, bleuTokenize } from './bleuTokenizers.js';
import { pyRstrip } from './pythonStrings.js';

export const MAX_NGRAM_ORDER = 4;

/** Sufficient statistics of BLEU, summable over segments. */
export interface BleuStatistics {
  sysLen: number;
  refLen: number;
  /** Clipped n-gram matches per order 1..4. */
  correct: number[];
  /** Hypothesis n-grams per order 1..4. */
  total: number[];
}

/** n-gram counts of orders 1..4 keyed by the tokens joined with U+0001 (never in a token). */
function ngramCounts(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (let n = 1; n <= MAX_NGRAM_ORDER; n++) {
    for (let i = 0; i + n <= tokens.length; i++) {
      const key = `${n}\u0001${tokens.slice(i, i + n).join('\u0001')}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/** The reference length closest to the hypothesis length; ties go to the shorter one. */
function closestRefLen(hypLen: number, refLens: readonly number[]): number {
  let bestDiff = -1;
  let best = -1;
  for (const len of refLens) {
    const diff = Math.abs(hypLen - len);
    if (bestDiff === -1 || diff < bestDiff) {
      bestDiff = diff;
      best = len;
    } else if (diff === bestDiff && len < best) {
      best = len;
    }
  }
  return best;
}

/** Lowercases (if asked), strips trailing whitespace and tokenizes, as sacrebleu's preprocessing. */
export function preprocess(line: string, tokenizer: BleuTokenizer, lowercase: boolean): string[] {
  return bleuTokenize(pyRstrip(lowercase ? line.toLowerCase() : line), tokenizer);
}

/**
 * One segment's statistics (sacrebleu `BLEU._compute_segment_statistics`): matches are clipped by
 * the maximum count of each n-gram over the references; the reference length is the closest one.
 */
export function segmentStatistics(
  hypothesis: string,
  references: readonly string[],
  tokenizer: BleuTokenizer,
  lowercase: boolean,
): BleuStatistics {
  const refMax = new Map<string, number>();
  const refLens: number[] = [];
  for (const reference of references) {
    const tokens = preprocess(reference, tokenizer, lowercase);
    refLens.push(tokens.length);
    for (const [key, count] of ngramCounts(tokens)) {
      if (count > (refMax.get(key) ?? 0)) refMax.set(key, count);
    }
  }
  const hypTokens = preprocess(hypothesis, tokenizer, lowercase);
  const correct = new Array<number>(MAX_NGRAM_ORDER).fill(0);
  const total = new Array<number>(MAX_NGRAM_ORDER).fill(0);
  for (const [key, count] of ngramCounts(hypTokens)) {
    const n = Number(key.slice(0, key.indexOf('\u0001'))) - 1;
    total[n] = (total[n] as number) + count;
    correct[n] = (correct[n] as number) + Math.min(count, refMax.get(key) ?? 0);
  }
  return {
    sysLen: hypTokens.length,
    refLen: closestRefLen(hypTokens.length, refLens),
    correct,
    total,
  };
}
