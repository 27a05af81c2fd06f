import { InvalidInputError } from '../../errors/index.js';
import { assertSameLength } from '../../guards/index.js';
import { TEXT_SIGNATURE_VERSION } from '../../metrics/text/bleuScore.js';
import { type ChrfOptions, fScore, type TChrfResult } from '../../metrics/text/chrf.js';
import { chrfSegmentStatistics } from '../../metrics/text/segmentStatistics.js';

/**
 * Corpus chrF's sufficient statistics over some segments, plain JSON: per n-gram order (character
 * orders 1…charOrder, then word orders 1…wordOrder) the hypothesis, reference and matched n-gram
 * counts of each segment's best reference, summed (integers), with the segments counted and the
 * numbers of references seen.
 */
export interface ChrfShardState {
  format: 'assay.chrf-shard.v1';
  options: ChrfOptions;
  segments: number;
  /** [hyp, ref, match] per order, summed over the shard's segments. */
  statistics: number[];
  /** The distinct numbers of references per segment (sacrebleu's `nrefs`, or 'var'). */
  refCounts: number[];
}

function fail(message: string, path: (string | number)[]): never {
  throw new InvalidInputError(message, [{ path, message }]);
}

/** The options with their defaults, checked as `chrf` checks them. */
function resolveChrfOptions(options: ChrfOptions): Required<ChrfOptions> {
  const { charOrder = 6, wordOrder = 0, beta = 2, lowercase = false } = options;
  if (!(Number.isInteger(charOrder) && charOrder >= 1))
    fail(`charOrder is ${charOrder}; expected an integer ≥ 1`, ['charOrder']);
  if (!(Number.isInteger(wordOrder) && wordOrder >= 0))
    fail(`wordOrder is ${wordOrder}; expected an integer ≥ 0`, ['wordOrder']);
  if (!(beta > 0)) fail(`beta is ${beta}; expected a number > 0`, ['beta']);
  return { charOrder, wordOrder, beta, lowercase };
}

/**
 * The chrF statistics of one shard of a corpus: the per-segment statistics `chrf` sums (the best
 * reference's [hyp, ref, match] counts per order, sacrebleu 2.6.0 `CHRF._extract_corpus_statistics`),
 * summed over the shard. An empty shard is allowed.
 * @see https://github.com/mjpost/sacrebleu/blob/v2.6.0/sacrebleu/metrics/chrf.py (corpus chrF is
 * the F-score of summed statistics, so they add across segments)
 * @throws InvalidInputError as `chrf` does (lengths differ, a hypothesis without a reference, an
 * invalid order or β)
 */
export function chrfShard(
  hypotheses: readonly string[],
  references: readonly (readonly string[])[],
  options: ChrfOptions = {},
): ChrfShardState {
  const resolved = resolveChrfOptions(options);
  assertSameLength('hypotheses', hypotheses, 'references', references, 'segments');
  const statistics = new Array<number>(3 * (resolved.charOrder + resolved.wordOrder)).fill(0);
  const refCounts = new Set<number>();
  if (hypotheses.length > 0) {
    const { segments } = chrfSegmentStatistics(hypotheses, references, resolved);
    for (const segment of segments) {
      segment.forEach((v, k) => {
        statistics[k] = (statistics[k] as number) + v;
      });
    }
    for (const refs of references) refCounts.add(refs.length);
  }
  return {
    format: 'assay.chrf-shard.v1',
    options: { ...options },
    segments: hypotheses.length,
    statistics,
    refCounts: [...refCounts].sort((a, b) => a - b),
  };
}

/**
 * Corpus chrF of the shards together: their integer statistics summed (exact in any order), then
 * scored as `chrf` scores the whole corpus — the same score and signature, bit for bit.
 * @throws InvalidInputError when no shard is given, the shards' options differ, or they cover no
 * segment
 */
export function finishChrfShards(states: readonly ChrfShardState[]): TChrfResult {
  const [first] = states;
  if (first === undefined) fail('states is empty; merge at least one shard', ['states']);
  const resolved = resolveChrfOptions(first.options);
  const key = JSON.stringify(resolved);
  const totals = new Array<number>(3 * (resolved.charOrder + resolved.wordOrder)).fill(0);
  const refCounts = new Set<number>();
  let segments = 0;
  for (const s of states) {
    if (JSON.stringify(resolveChrfOptions(s.options)) !== key)
      fail('the shards were counted with different chrF options', ['states']);
    if (s.statistics.length !== totals.length)
      fail('a shard has statistics of another length than its options give', ['states']);
    segments += s.segments;
    s.statistics.forEach((v, k) => {
      totals[k] = (totals[k] as number) + v;
    });
    for (const c of s.refCounts) refCounts.add(c);
  }
  if (segments === 0) fail('hypotheses is empty; expected at least one segment', ['hypotheses']);
  const nrefs = refCounts.size === 1 ? [...refCounts][0] : 'var';
  const { charOrder, wordOrder, lowercase, beta } = resolved;
  return {
    score: fScore(totals, beta),
    signature: `nrefs:${nrefs}|case:${lowercase ? 'lc' : 'mixed'}|eff:yes|nc:${charOrder}|nw:${wordOrder}|space:no|version:${TEXT_SIGNATURE_VERSION}`,
  };
}
