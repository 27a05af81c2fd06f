/**
 * Per-segment sufficient statistics of BLEU, chrF and TER, laid out as sacrebleu 2.6.0's
 * `_extract_corpus_statistics` lays them out, and the score of summed statistics computed as its
 * `_compute_score_from_stats` computes it — for the paired significance tests, which resample or
 * shuffle segments and rescore the summed statistics thousands of times.
 *
 * `float32`: sacrebleu's paired bootstrap converts the statistics to float32 NumPy arrays, so
 * there a ratio of two summed statistics is a float32 division (chrF's precision and recall,
 * TER's edits/length) before it meets Python floats; `float32: true` reproduces that rounding.
 */
import { InvalidInputError } from '../../errors/index.js';
import { assertNonEmpty, assertSameLength } from '../../guards/index.js';
import { type ComputeLimits, checkLimit, resolveLimits } from '../../limits/index.js';
import { formatPath } from '../formatPath.js';
import { type BleuOptions, bleuFromStatistics, checkBleuOptions } from './bleuScore.js';
import { BleuCounter, MAX_NGRAM_ORDER, segmentStatistics } from './bleuStatistics.js';
import { allNgrams, type ChrfOptions, fScore, matchStatistics } from './chrf.js';
import { type TerOptions, tercomTokenize } from './ter.js';
import { translationEditRate } from './terEditDistance.js';

export type TextMetricName = 'bleu' | 'chrf' | 'ter';

/** One metric's statistics of a system: one vector per segment, and how to score their sum. */
export interface TextSystemStatistics {
  metric: TextMetricName;
  /** segments[i]: the statistics of segment i (BLEU: [sysLen, refLen, correct₁…₄, total₁…₄]). */
  segments: Float64Array[];
  /** The score (0–100) of summed statistics. */
  score: (summed: ArrayLike<number>, float32?: boolean) => number;
}

function checkCorpus(hypotheses: readonly string[], references: readonly (readonly string[])[]) {
  assertSameLength('hypotheses', hypotheses, 'references', references, 'segments');
  assertNonEmpty('hypotheses', hypotheses);
  references.forEach((refs, i) => {
    if (refs.length === 0) {
      const message = `references[${i}] is empty; each hypothesis needs at least one reference`;
      throw new InvalidInputError(message, [{ path: ['references', i], message }]);
    }
  });
}

/** BLEU statistics per segment (sacrebleu `BLEU._compute_segment_statistics`). */
export function bleuSegmentStatistics(
  hypotheses: readonly string[],
  references: readonly (readonly string[])[],
  options: BleuOptions = {},
): TextSystemStatistics {
  const resolved = checkBleuOptions(options);
  checkCorpus(hypotheses, references);
  const counter = new BleuCounter();
  const segments = hypotheses.map((hypothesis, i) => {
    const s = segmentStatistics(
      hypothesis,
      references[i] as readonly string[],
      resolved.tokenize,
      resolved.lowercase,
      counter,
    );
    return Float64Array.from([s.sysLen, s.refLen, ...s.correct, ...s.total]);
  });
  return {
    metric: 'bleu',
    segments,
    // BLEU's ratios meet a Python float first (100. * correct / total): float64 either way.
    score: (v) =>
      bleuFromStatistics(
        {
          sysLen: Math.trunc(v[0] as number),
          refLen: Math.trunc(v[1] as number),
          correct: Array.from({ length: MAX_NGRAM_ORDER }, (_, n) => v[2 + n] as number),
          total: Array.from(
            { length: MAX_NGRAM_ORDER },
            (_, n) => v[2 + MAX_NGRAM_ORDER + n] as number,
          ),
        },
        resolved,
        false,
        1,
      ).score,
  };
}

/**
 * sacrebleu `CHRF._compute_f_score` in its own order of operations (no eps smoothing): average
 * precision and recall over the effective orders, then 100·F_β.
 */
function chrfScore(v: ArrayLike<number>, beta: number, float32: boolean): number {
  const factor = beta * beta;
  let avgPrec = 0;
  let avgRec = 0;
  let effective = 0;
  for (let i = 0; i + 2 < v.length; i += 3) {
    const nHyp = v[i] as number;
    const nRef = v[i + 1] as number;
    const nMatch = v[i + 2] as number;
    if (nHyp > 0 && nRef > 0) {
      avgPrec += float32 ? Math.fround(nMatch / nHyp) : nMatch / nHyp;
      avgRec += float32 ? Math.fround(nMatch / nRef) : nMatch / nRef;
      effective++;
    }
  }
  if (effective === 0) return 0;
  avgPrec /= effective;
  avgRec /= effective;
  if (avgPrec + avgRec === 0) return 0;
  let score = (1 + factor) * avgPrec * avgRec;
  score /= factor * avgPrec + avgRec;
  return 100 * score;
}

/** chrF statistics per segment: [hyp, ref, match] per order, of the best-F reference. */
export function chrfSegmentStatistics(
  hypotheses: readonly string[],
  references: readonly (readonly string[])[],
  options: ChrfOptions = {},
): TextSystemStatistics {
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
  checkCorpus(hypotheses, references);
  const prep = (s: string) => (lowercase ? s.toLowerCase() : s);
  const segments = hypotheses.map((hypothesis, i) => {
    const hyp = allNgrams(prep(hypothesis), charOrder, wordOrder);
    let best: number[] = [];
    let bestF = -1;
    for (const ref of references[i] as readonly string[]) {
      const stats = matchStatistics(hyp, allNgrams(prep(ref), charOrder, wordOrder));
      const f = fScore(stats, beta);
      if (f > bestF) {
        bestF = f;
        best = stats;
      }
    }
    return Float64Array.from(best);
  });
  return {
    metric: 'chrf',
    segments,
    score: (v, float32 = false) => chrfScore(v, beta, float32),
  };
}

/** TER statistics per segment: [fewest edits over the references, mean reference length]. */
export function terSegmentStatistics(
  hypotheses: readonly string[],
  references: readonly (readonly string[])[],
  options: TerOptions = {},
  limits?: Partial<ComputeLimits>,
): TextSystemStatistics {
  const resolved = { caseSensitive: false, normalized: false, noPunct: false, ...options };
  checkCorpus(hypotheses, references);
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
  const segments = hypotheses.map((hypothesis, i) => {
    const refs = references[i] as readonly string[];
    const words = tercomTokenize(hypothesis, resolved);
    let best = 1e16;
    let lengths = 0;
    for (const ref of refs) {
      const [edits, refLen] = translationEditRate(words, tercomTokenize(ref, resolved));
      lengths += refLen;
      if (edits < best) best = edits;
    }
    return Float64Array.from([best, lengths / refs.length]);
  });
  return {
    metric: 'ter',
    segments,
    score: (v, float32 = false) => {
      const edits = v[0] as number;
      const length = v[1] as number;
      const ratio = length > 0 ? edits / length : edits > 0 ? 1 : 0;
      return 100 * (float32 && length > 0 ? Math.fround(ratio) : ratio);
    },
  };
}
