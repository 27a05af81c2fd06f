import {
  type BleuTokenizer,
  bleuTokenize,
  scan13a,
  tokenize13aRegex,
  unescape13a,
} from './bleuTokenizers.js';
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
 *
 * Tokens are interned by their characters (FNV-1a hash, open addressing) straight from the line:
 * the one-pass 13a scanner hands over character ranges, so a token already seen costs no string.
 */
export class BleuCounter {
  // Interning: slot → global id + 1 (0 = empty) and the slot's hash; id → the token.
  private slots = new Int32Array(1 << 12);
  private slotHashes = new Int32Array(1 << 12);
  private slotShift = 32 - 12;
  private readonly tokens: string[] = [];
  // Local numbering of the current segment: global id → local id, valid when its stamp is current.
  private localIds = new Int32Array(1024);
  private localStamps = new Uint32Array(1024);
  private stamp = 0;
  private localCount = 0;
  // The local ids of the segment's lines, one after the other.
  private ids = new Int32Array(1024);
  private used = 0;
  private readonly budget = new NgramTable();
  private readonly scratch = new NgramTable();

  /** The global id of the token `text[start..end)`, interning it when new. */
  private intern(text: string, start: number, end: number): number {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    const mask = this.slots.length - 1;
    let slot = Math.imul(hash, 0x9e3779b1) >>> this.slotShift;
    const length = end - start;
    for (;;) {
      const entry = this.slots[slot] as number;
      if (entry === 0) break;
      if (this.slotHashes[slot] === hash) {
        const token = this.tokens[entry - 1] as string;
        if (token.length === length) {
          let same = true;
          for (let k = 0; k < length; k++) {
            if (token.charCodeAt(k) !== text.charCodeAt(start + k)) {
              same = false;
              break;
            }
          }
          if (same) return entry - 1;
        }
      }
      slot = (slot + 1) & mask;
    }
    const id = this.tokens.length;
    this.tokens.push(start === 0 && end === text.length ? text : text.slice(start, end));
    this.slots[slot] = id + 1;
    this.slotHashes[slot] = hash;
    if (this.tokens.length * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const size = this.slots.length * 2;
    const slots = new Int32Array(size);
    const hashes = new Int32Array(size);
    const shift = 32 - Math.log2(size);
    for (let old = 0; old < this.slots.length; old++) {
      const entry = this.slots[old] as number;
      if (entry === 0) continue;
      const hash = this.slotHashes[old] as number;
      let slot = Math.imul(hash, 0x9e3779b1) >>> shift;
      while (slots[slot] !== 0) slot = (slot + 1) & (size - 1);
      slots[slot] = entry;
      hashes[slot] = hash;
    }
    this.slots = slots;
    this.slotHashes = hashes;
    this.slotShift = shift;
  }

  /** Appends the local id of global token `global` to `ids`. */
  private push(global: number): void {
    if (global >= this.localIds.length) {
      const grownIds = new Int32Array(this.localIds.length * 2);
      grownIds.set(this.localIds);
      const grownStamps = new Uint32Array(this.localIds.length * 2);
      grownStamps.set(this.localStamps);
      this.localIds = grownIds;
      this.localStamps = grownStamps;
    }
    if (this.localStamps[global] !== this.stamp) {
      this.localStamps[global] = this.stamp;
      this.localIds[global] = ++this.localCount;
    }
    if (this.used === this.ids.length) {
      const grown = new Int32Array(this.ids.length * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.used++] = this.localIds[global] as number;
  }

  /**
   * Tokenizes one line as sacrebleu does (see {@link preprocess}) and appends its tokens' local
   * ids; returns the number of tokens.
   */
  private encodeLine(line: string, tokenizer: BleuTokenizer, lowercase: boolean): number {
    const start = this.used;
    const text = pyRstrip(lowercase ? line.toLowerCase() : line);
    if (tokenizer === '13a') {
      const prepared = unescape13a(text);
      const scanned = scan13a(prepared, (from, to) => this.push(this.intern(prepared, from, to)));
      if (scanned) return this.used - start;
      this.used = start; // the scanner gave up: take the regular-expression passes instead
      for (const token of tokenize13aRegex(prepared))
        this.push(this.intern(token, 0, token.length));
      return this.used - start;
    }
    for (const token of bleuTokenize(text, tokenizer)) {
      this.push(this.intern(token, 0, token.length));
    }
    return this.used - start;
  }

  /** One segment's statistics; see {@link segmentStatistics}. */
  segment(
    hypothesis: string,
    references: readonly string[],
    tokenizer: BleuTokenizer,
    lowercase: boolean,
  ): BleuStatistics {
    if (this.stamp === 0xffffffff) {
      this.localStamps.fill(0);
      this.stamp = 0;
    }
    this.stamp++;
    this.localCount = 0;
    this.used = 0;
    const refLens = references.map((reference) => this.encodeLine(reference, tokenizer, lowercase));
    const hypStart = this.used; // = the number of reference tokens
    const len = this.encodeLine(hypothesis, tokenizer, lowercase);
    const total = new Array<number>(MAX_NGRAM_ORDER);
    for (let n = 0; n < MAX_NGRAM_ORDER; n++) total[n] = Math.max(0, len - n);
    return {
      sysLen: len,
      refLen: closestRefLen(len, refLens),
      correct: this.matches(hypStart, len, refLens),
      total,
    };
  }

  /** Clipped matches per order of the encoded hypothesis ids[hypStart, +len) against the references. */
  private matches(hypStart: number, len: number, refLens: readonly number[]): number[] {
    const { ids } = this;
    if (this.localCount > MAX_LOCAL_TOKENS) {
      let at = 0;
      const refs = refLens.map((length) => {
        at += length;
        return ids.slice(at - length, at);
      });
      return clippedMatches<string>(ids.slice(hypStart, hypStart + len), refs, (key, id) =>
        key === undefined ? String(id) : `${key} ${id}`,
      );
    }
    const base = this.localCount + 1;
    const correct = new Array<number>(MAX_NGRAM_ORDER).fill(0);
    const { budget, scratch } = this;
    budget.reset(hypStart * MAX_NGRAM_ORDER);
    if (refLens.length === 1) {
      forEachNgram(ids, 0, hypStart, base, (key) => {
        budget.add(key, 1);
      });
    } else {
      let at = 0;
      for (const length of refLens) {
        scratch.reset(length * MAX_NGRAM_ORDER);
        forEachNgram(ids, at, at + length, base, (key) => {
          budget.raise(key, scratch.add(key, 1));
        });
        at += length;
      }
    }
    // Σ min(hyp count, budget) per n-gram = matches found while spending the budget.
    forEachNgram(ids, hypStart, hypStart + len, base, (key, order) => {
      if (budget.get(key) > 0) {
        budget.add(key, -1);
        correct[order] = (correct[order] as number) + 1;
      }
    });
    return correct;
  }
}

/** Calls `visit(key, order − 1)` for every n-gram of orders 1..4 of ids[start..end), in base `base`. */
function forEachNgram(
  ids: Int32Array,
  start: number,
  end: number,
  base: number,
  visit: (key: number, orderIndex: number) => void,
): void {
  for (let i = start; i < end; i++) {
    let key = 0;
    const last = Math.min(end, i + MAX_NGRAM_ORDER);
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
  return counter.segment(hypothesis, references, tokenizer, lowercase);
}
