/** Below this length the native sort is as fast and needs no scratch buffer. */
export const RADIX_MIN_LENGTH = 1 << 14;
const DIGIT_BITS = 16;
const BUCKETS = 1 << DIGIT_BITS;

/**
 * Sorts finite float64 values ascending, in place, like `Float64Array.prototype.sort()` (−0 before
 * +0). Large arrays take an LSD radix sort — four passes of 16 bits over the IEEE 754 bits made
 * order-preserving (negative numbers: all bits flipped; others: the sign bit flipped), passes
 * whose digit is the same for every value skipped — which is linear and several times faster than
 * V8's comparison sort on millions of values. Scratch memory: one array of the same size.
 *
 * Assumes a little-endian platform (x86, ARM), where the low word of element i is word 2i.
 *
 * @param values - finite numbers (NaN would sort after +∞ instead of last by the native rule).
 * @param scratch - optional reusable buffer of at least `values.length` elements.
 */
export function sortFloat64(values: Float64Array, scratch?: Float64Array): Float64Array {
  const n = values.length;
  if (n < RADIX_MIN_LENGTH) return values.sort();
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  const spare =
    scratch !== undefined && scratch.length >= n
      ? new Uint32Array(scratch.buffer, scratch.byteOffset, 2 * n)
      : new Uint32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + 1] as number;
    if (hi & 0x80000000) {
      words[2 * i] = ~(words[2 * i] as number);
      words[2 * i + 1] = ~hi;
    } else {
      words[2 * i + 1] = hi ^ 0x80000000;
    }
  }
  let src = words;
  let dst = spare;
  const counts = new Uint32Array(BUCKETS);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass >> 1; // 0: low word, 1: high word
    const shift = (pass & 1) * DIGIT_BITS;
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const digit = ((src[2 * i + word] as number) >>> shift) & (BUCKETS - 1);
      counts[digit] = (counts[digit] as number) + 1;
    }
    const first = ((src[word] as number) >>> shift) & (BUCKETS - 1);
    if (counts[first] === n) continue; // every value has this digit: the pass would not move them
    let offset = 0;
    for (let d = 0; d < BUCKETS; d++) {
      const c = counts[d] as number;
      counts[d] = offset;
      offset += c;
    }
    for (let i = 0; i < n; i++) {
      const lo = src[2 * i] as number;
      const hi = src[2 * i + 1] as number;
      const digit = ((word === 0 ? lo : hi) >>> shift) & (BUCKETS - 1);
      const at = counts[digit] as number;
      counts[digit] = at + 1;
      dst[2 * at] = lo;
      dst[2 * at + 1] = hi;
    }
    const swap = src;
    src = dst;
    dst = swap;
  }
  if (src !== words) words.set(src.subarray(0, 2 * n));
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + 1] as number;
    if (hi & 0x80000000) {
      words[2 * i + 1] = hi ^ 0x80000000;
    } else {
      words[2 * i] = ~(words[2 * i] as number);
      words[2 * i + 1] = ~hi;
    }
  }
  return values;
}
