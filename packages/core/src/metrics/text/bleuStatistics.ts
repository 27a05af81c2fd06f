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

/**
 * Counts the n-grams of orders 1..4 of a token-id sequence. A key is built from the previous
 * order's key by `extend`, so no n-gram is materialised as an array or a joined string.
 */
function countNgrams<K>(
  ids: Int32Array,
  extend: (key: K | undefined, id: number) => K,
  counts: Map<K, number>,
): void {
  const len = ids.length;
  for (let i = 0; i < len; i++) {
    let key: K | undefined;
    const last = Math.min(len, i + MAX_NGRAM_ORDER);
    for (let j = i; j < last; j++) {
      key = extend(key, ids[j] as number);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
}

/**
 * Clipped matches of the hypothesis n-grams, per order: Σ over n-grams of min(count in the
 * hypothesis, max count in one reference). The reference maxima form a budget that each
 * hypothesis occurrence spends, which gives the same sum without counting the hypothesis.
 */
function clippedMatches<K>(
  hyp: Int32Array,
  refs: readonly Int32Array[],
  extend: (key: K | undefined, id: number) => K,
): number[] {
  let budget: Map<K, number> | undefined;
  for (const ref of refs) {
    const counts = new Map<K, number>();
    countNgrams(ref, extend, counts);
    if (budget === undefined) budget = counts;
    else {
      for (const [key, count] of counts) {
        if (count > (budget.get(key) ?? 0)) budget.set(key, count);
      }
    }
  }
  const correct = new Array<number>(MAX_NGRAM_ORDER).fill(0);
  if (budget === undefined) return correct;
  const len = hyp.length;
  for (let i = 0; i < len; i++) {
    let key: K | undefined;
    const last = Math.min(len, i + MAX_NGRAM_ORDER);
    for (let j = i; j < last; j++) {
      key = extend(key, hyp[j] as number);
      const left = budget.get(key);
      if (left !== undefined && left > 0) {
        budget.set(key, left - 1);
        correct[j - i] = (correct[j - i] as number) + 1;
      }
    }
  }
  return correct;
}

/** Above this many distinct tokens in one segment, n-gram numbers could exceed 2⁵³. */
const MAX_LOCAL_TOKENS = Math.floor(Number.MAX_SAFE_INTEGER ** (1 / MAX_NGRAM_ORDER)) - 1;

/**
 * Open-addressing hash table from n-gram numbers to counts, in typed arrays, emptied in O(1) by a
 * new stamp: one table serves every segment of a corpus without a Map allocation per segment.
 */
class NgramTable {
  private keys = new Float64Array(256);
  private counts = new Int32Array(256);
  private stamps = new Uint32Array(256);
  private stamp = 0;
  private shift = 32 - 8;

  /** Empties the table and makes room for `entries` keys at a load factor ≤ ½. */
  reset(entries: number): void {
    if (entries * 2 > this.keys.length) {
      let size = this.keys.length;
      while (entries * 2 > size) size *= 2;
      this.keys = new Float64Array(size);
      this.counts = new Int32Array(size);
      this.stamps = new Uint32Array(size);
      this.shift = 32 - Math.log2(size);
      this.stamp = 0;
    }
    if (this.stamp === 0xffffffff) {
      this.stamps.fill(0);
      this.stamp = 0;
    }
    this.stamp++;
  }

  /** The slot of `key`: where it is, or the empty slot where it would go. */
  private slot(key: number): number {
    const lo = key >>> 0;
    const hi = (key / 4294967296) >>> 0;
    const mask = this.keys.length - 1;
    let h = Math.imul(lo ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1) >>> this.shift;
    while (this.stamps[h] === this.stamp && this.keys[h] !== key) h = (h + 1) & mask;
    return h;
  }

  get(key: number): number {
    const h = this.slot(key);
    return this.stamps[h] === this.stamp ? (this.counts[h] as number) : 0;
  }

  /** Sets the count of `key` to `count` if that is larger than its current count (absent = 0). */
  raise(key: number, count: number): void {
    const h = this.slot(key);
    if (this.stamps[h] !== this.stamp) {
      this.stamps[h] = this.stamp;
      this.keys[h] = key;
      this.counts[h] = count;
    } else if (count > (this.counts[h] as number)) {
      this.counts[h] = count;
    }
  }

  add(key: number, delta: number): number {
    const h = this.slot(key);
    if (this.stamps[h] !== this.stamp) {
      this.stamps[h] = this.stamp;
      this.keys[h] = key;
      this.counts[h] = delta;
      return delta;
    }
    const count = (this.counts[h] as number) + delta;
    this.counts[h] = count;
    return count;
  }
}

/**
 * Reusable state for the segments of one corpus: token interning, per-segment token numbering and
 * two n-gram tables. A segment's distinct tokens are numbered 1..L; an n-gram (t₁…tₙ) is then the
 * base-(L+1) number with digits t₁…tₙ (no digit is 0, so the order is implied), exact while
 * (L+1)⁴ ≤ 2⁵³, i.e. up to 9740 distinct tokens per segment; larger segments key their n-grams by
 * strings instead.
 */
export class BleuCounter {
  private readonly interned = new Map<string, number>();
  private localIds = new Int32Array(1024);
  private localStamps = new Uint32Array(1024);
  private stamp = 0;
  private localCount = 0;
  private readonly budget = new NgramTable();
  private readonly scratch = new NgramTable();

  /** Starts a segment: local token numbers restart at 1. */
  private startSegment(): void {
    if (this.stamp === 0xffffffff) {
      this.localStamps.fill(0);
      this.stamp = 0;
    }
    this.stamp++;
    this.localCount = 0;
  }

  private encode(tokens: readonly string[]): Int32Array {
    const ids = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] as string;
      let global = this.interned.get(token);
      if (global === undefined) {
        global = this.interned.size;
        this.interned.set(token, global);
        if (global >= this.localIds.length) {
          const grownIds = new Int32Array(this.localIds.length * 2);
          grownIds.set(this.localIds);
          const grownStamps = new Uint32Array(this.localIds.length * 2);
          grownStamps.set(this.localStamps);
          this.localIds = grownIds;
          this.localStamps = grownStamps;
        }
      }
      if (this.localStamps[global] !== this.stamp) {
        this.localStamps[global] = this.stamp;
        this.localIds[global] = ++this.localCount;
      }
      ids[i] = this.localIds[global] as number;
    }
    return ids;
  }

  /** Clipped matches per order (see {@link clippedMatches}) of already tokenized text. */
  matches(hypTokens: readonly string[], refTokens: readonly (readonly string[])[]): number[] {
    this.startSegment();
    const refIds = refTokens.map((tokens) => this.encode(tokens));
    const hypIds = this.encode(hypTokens);
    if (this.localCount > MAX_LOCAL_TOKENS) {
      return clippedMatches<string>(hypIds, refIds, (key, id) =>
        key === undefined ? String(id) : `${key} ${id}`,
      );
    }
    const base = this.localCount + 1;
    const correct = new Array<number>(MAX_NGRAM_ORDER).fill(0);
    const { budget, scratch } = this;
    let entries = 0;
    for (const ref of refIds) entries += ref.length * MAX_NGRAM_ORDER;
    budget.reset(entries);
    if (refIds.length === 1) {
      forEachNgram(refIds[0] as Int32Array, base, (key) => {
        budget.add(key, 1);
      });
    } else {
      for (const ref of refIds) {
        scratch.reset(ref.length * MAX_NGRAM_ORDER);
        forEachNgram(ref, base, (key) => {
          budget.raise(key, scratch.add(key, 1));
        });
      }
    }
    // Σ min(hyp count, budget) per n-gram = matches found while spending the budget.
    forEachNgram(hypIds, base, (key, order) => {
      if (budget.get(key) > 0) {
        budget.add(key, -1);
        correct[order] = (correct[order] as number) + 1;
      }
    });
    return correct;
  }
}

/** Calls `visit(key, order − 1)` for every n-gram of orders 1..4, keys in base `base`. */
function forEachNgram(
  ids: Int32Array,
  base: number,
  visit: (key: number, orderIndex: number) => void,
): void {
  const len = ids.length;
  for (let i = 0; i < len; i++) {
    let key = 0;
    const last = Math.min(len, i + MAX_NGRAM_ORDER);
    for (let j = i; j < last; j++) {
      key = key * base + (ids[j] as number);
      visit(key, j - i);
    }
  }
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
 * Pass one `counter` for all the segments of a corpus (its tables are reused).
 */
export function segmentStatistics(
  hypothesis: string,
  references: readonly string[],
  tokenizer: BleuTokenizer,
  lowercase: boolean,
  counter: BleuCounter = new BleuCounter(),
): BleuStatistics {
  const refTokens = references.map((reference) => preprocess(reference, tokenizer, lowercase));
  const hypTokens = preprocess(hypothesis, tokenizer, lowercase);
  const correct = counter.matches(hypTokens, refTokens);
  const refLens = refTokens.map((tokens) => tokens.length);
  const len = hypTokens.length;
  const total = new Array<number>(MAX_NGRAM_ORDER);
  for (let n = 0; n < MAX_NGRAM_ORDER; n++) total[n] = Math.max(0, len - n);
  return {
    sysLen: len,
    refLen: closestRefLen(len, refLens),
    correct,
    total,
  };
}
