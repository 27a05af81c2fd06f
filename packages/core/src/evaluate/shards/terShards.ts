import { InvalidInputError } from '../../errors/index.js';
import { assertSameLength } from '../../guards/index.js';
import type { ComputeLimits } from '../../limits/index.js';
import { TEXT_SIGNATURE_VERSION } from '../../metrics/text/bleuScore.js';
import { terSegmentStatistics } from '../../metrics/text/segmentStatistics.js';
import type { TerOptions, TTerResult } from '../../metrics/text/ter.js';
import { addExpansions, addToExpansion, type Expansion, roundExpansion } from './exactSum.js';

/**
 * Corpus TER's sufficient statistics over some segments, plain JSON: the summed fewest edits
 * (integers) and the summed mean reference lengths (an exact expansion: a mean over 2 or 3
 * references is not an integer), with the segments counted and the numbers of references seen.
 */
export interface TerShardState {
  format: 'assay.ter-shard.v1';
  options: TerOptions;
  segments: number;
  numEdits: number;
  refLength: Expansion;
  refCounts: number[];
}

function fail(message: string, path: (string | number)[]): never {
  throw new InvalidInputError(message, [{ path, message }]);
}

function resolveTerOptions(options: TerOptions): Required<TerOptions> {
  return { caseSensitive: false, normalized: false, noPunct: false, ...options };
}

/**
 * The TER statistics of one shard of a corpus: per segment the fewest edits over its references
 * and their mean length (sacrebleu 2.6.0 `TER._compute_segment_statistics`), summed. An empty
 * shard is allowed.
 * @throws InvalidInputError and LimitExceededError as `ter` does
 */
export function terShard(
  hypotheses: readonly string[],
  references: readonly (readonly string[])[],
  options: TerOptions = {},
  limits?: Partial<ComputeLimits>,
): TerShardState {
  assertSameLength('hypotheses', hypotheses, 'references', references, 'segments');
  let numEdits = 0;
  const refLength: Expansion = [];
  const refCounts = new Set<number>();
  if (hypotheses.length > 0) {
    const { segments } = terSegmentStatistics(hypotheses, references, options, limits);
    for (const [edits, length] of segments) {
      numEdits += edits as number;
      addToExpansion(refLength, length as number);
    }
    for (const refs of references) refCounts.add(refs.length);
  }
  return {
    format: 'assay.ter-shard.v1',
    options: { ...options },
    segments: hypotheses.length,
    numEdits,
    refLength,
    refCounts: [...refCounts].sort((a, b) => a - b),
  };
}

/**
 * Corpus TER of the shards together: edits summed (integers, exact) and reference lengths summed
 * exactly, then scored as `ter` scores the whole corpus. Equal to `ter` on the whole corpus bit
 * for bit when every segment has one reference (integer lengths); with several, `ter` adds the
 * mean lengths one by one in floating point, so the two may differ in the last bits (within
 * 1e-12 relative; this one is the correctly rounded sum).
 * @throws InvalidInputError when no shard is given, the shards' options differ, or they cover no
 * segment
 */
export function finishTerShards(states: readonly TerShardState[]): TTerResult {
  const [first] = states;
  if (first === undefined) fail('states is empty; merge at least one shard', ['states']);
  const resolved = resolveTerOptions(first.options);
  const key = JSON.stringify(resolved);
  let numEdits = 0;
  let length: Expansion = [];
  let segments = 0;
  const refCounts = new Set<number>();
  for (const s of states) {
    if (JSON.stringify(resolveTerOptions(s.options)) !== key)
      fail('the shards were counted with different TER options', ['states']);
    segments += s.segments;
    numEdits += s.numEdits;
    length = addExpansions(length, s.refLength);
    for (const c of s.refCounts) refCounts.add(c);
  }
  if (segments === 0) fail('hypotheses is empty; expected at least one segment', ['hypotheses']);
  const refLength = roundExpansion(length);
  const score = refLength > 0 ? numEdits / refLength : numEdits > 0 ? 1 : 0;
  const nrefs = refCounts.size === 1 ? [...refCounts][0] : 'var';
  return {
    score: 100 * score,
    numEdits,
    refLength,
    signature: `nrefs:${nrefs}|case:${resolved.caseSensitive ? 'mixed' : 'lc'}|tok:tercom|norm:${resolved.normalized ? 'yes' : 'no'}|punct:${resolved.noPunct ? 'no' : 'yes'}|asian:no|version:${TEXT_SIGNATURE_VERSION}`,
  };
}
