import { InvalidInputError } from '../../errors/index.js';
import { assertSameLength } from '../../guards/index.js';
import type { TBleuResult } from '../../metrics/text/bleuScore.js';
import {
  type BleuOptions,
  bleuFromStatistics,
  checkBleuOptions,
} from '../../metrics/text/bleuScore.js';
import { BleuCounter, MAX_NGRAM_ORDER } from '../../metrics/text/bleuStatistics.js';

/**
 * Corpus BLEU's sufficient statistics over some segments, plain JSON: hypothesis and closest
 * reference lengths, clipped n-gram matches and hypothesis n-grams per order 1…4 (all integers),
 * the segments counted, and the numbers of references seen.
 */
export interface BleuShardState {
  format: 'assay.bleu-shard.v1';
  options: BleuOptions;
  segments: number;
  sysLen: number;
  refLen: number;
  correct: number[];
  total: number[];
  /** The distinct numbers of references per segment (sacrebleu's `nrefs`, or 'var'). */
  refCounts: number[];
}

/**
 * The BLEU statistics of one shard of a corpus (the same per-segment statistics `corpusBleu`
 * sums). An empty shard is allowed.
 * @throws InvalidInputError as `corpusBleu` does (lengths differ, a hypothesis without a
 * reference, an unknown option)
 */
export function bleuShard(
  hypotheses: readonly string[],
  references: readonly (readonly string[])[],
  options: BleuOptions = {},
): BleuShardState {
  const resolved = checkBleuOptions(options);
  assertSameLength('hypotheses', hypotheses, 'references', references, 'segments');
  const counter = new BleuCounter();
  const state: BleuShardState = {
    format: 'assay.bleu-shard.v1',
    options: { ...options },
    segments: hypotheses.length,
    sysLen: 0,
    refLen: 0,
    correct: new Array<number>(MAX_NGRAM_ORDER).fill(0),
    total: new Array<number>(MAX_NGRAM_ORDER).fill(0),
    refCounts: [],
  };
  const refCounts = new Set<number>();
  hypotheses.forEach((hypothesis, i) => {
    const refs = references[i] as readonly string[];
    if (refs.length === 0) {
      const message = `references[${i}] is empty; each hypothesis needs at least one reference`;
      throw new InvalidInputError(message, [{ path: ['references', i], message }]);
    }
    refCounts.add(refs.length);
    const s = counter.segment(hypothesis, refs, resolved.tokenize, resolved.lowercase);
    state.sysLen += s.sysLen;
    state.refLen += s.refLen;
    for (let n = 0; n < MAX_NGRAM_ORDER; n++) {
      state.correct[n] = (state.correct[n] as number) + (s.correct[n] as number);
      state.total[n] = (state.total[n] as number) + (s.total[n] as number);
    }
  });
  state.refCounts = [...refCounts].sort((a, b) => a - b);
  return state;
}

/**
 * Corpus BLEU of the shards together: their integer statistics summed (exact in any order), then
 * scored as `corpusBleu` scores the whole corpus — the same result, bit for bit.
 * @throws InvalidInputError when no shard is given, the shards' options differ, or they cover no
 * segment
 */
export function finishBleuShards(states: readonly BleuShardState[]): TBleuResult {
  const [first] = states;
  if (first === undefined) {
    throw new InvalidInputError('states is empty; merge at least one shard', [
      { path: ['states'], message: 'states is empty' },
    ]);
  }
  const key = JSON.stringify(checkBleuOptions(first.options));
  const refCounts = new Set<number>();
  const stats = {
    sysLen: 0,
    refLen: 0,
    correct: new Array<number>(MAX_NGRAM_ORDER).fill(0),
    total: new Array<number>(MAX_NGRAM_ORDER).fill(0),
  };
  let segments = 0;
  for (const s of states) {
    if (JSON.stringify(checkBleuOptions(s.options)) !== key) {
      const message = 'the shards were counted with different BLEU options';
      throw new InvalidInputError(message, [{ path: ['states'], message }]);
    }
    segments += s.segments;
    stats.sysLen += s.sysLen;
    stats.refLen += s.refLen;
    for (let n = 0; n < MAX_NGRAM_ORDER; n++) {
      stats.correct[n] = (stats.correct[n] as number) + (s.correct[n] as number);
      stats.total[n] = (stats.total[n] as number) + (s.total[n] as number);
    }
    for (const c of s.refCounts) refCounts.add(c);
  }
  if (segments === 0) {
    const message = 'hypotheses is empty; expected at least one segment';
    throw new InvalidInputError(message, [{ path: ['hypotheses'], message }]);
  }
  const nrefs = refCounts.size === 1 ? ([...refCounts][0] as number) : 'var';
  return bleuFromStatistics(stats, checkBleuOptions(first.options), false, nrefs);
}
