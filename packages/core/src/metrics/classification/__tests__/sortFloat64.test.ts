import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../stats/random.js';
import { RADIX_MIN_LENGTH, sortFloat64 } from '../sortFloat64.js';

/** Values that stress the bit tricks: signs, zeros, ties, tiny and huge magnitudes. */
function sample(n: number, seed: number): Float64Array {
  const random = new SeededRandom(seed);
  const special = [0, -0, 1, -1, 5e-324, -5e-324, 1.7976931348623157e308, -1.7976931348623157e308];
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = random.nextUint32() / 2 ** 32;
    if (i % 97 === 0) values[i] = special[random.nextIndex(special.length)] as number;
    else if (i % 3 === 0)
      values[i] = Math.round(r * 100) / 100; // many ties
    else values[i] = (r - 0.5) * 10 ** (random.nextIndex(40) - 20);
  }
  return values;
}

describe('sortFloat64(values)', () => {
  it('sorts large arrays (radix path) exactly as Float64Array.prototype.sort()', () => {
    for (const n of [RADIX_MIN_LENGTH, 100_003]) {
      const values = sample(n, n);
      const expected = values.slice().sort();
      const actual = sortFloat64(values.slice());
      expect(Object.is(actual[0], expected[0])).toBe(true);
      expect(actual).toEqual(expected);
      // −0 and +0 in the native order, bit for bit.
      for (let i = 0; i < n; i++) {
        if (!Object.is(actual[i], expected[i])) throw new Error(`differs at ${i}`);
      }
    }
  });

  it('small arrays use the native sort; a shared scratch buffer is fine', () => {
    const scratch = new Float64Array(RADIX_MIN_LENGTH * 2);
    expect(Array.from(sortFloat64(Float64Array.from([3, -1, 2]), scratch))).toEqual([-1, 2, 3]);
    const values = sample(RADIX_MIN_LENGTH + 5, 1);
    expect(sortFloat64(values.slice(), scratch)).toEqual(values.slice().sort());
  });

  it('all-equal values (every pass skipped) stay as they are', () => {
    const values = new Float64Array(RADIX_MIN_LENGTH).fill(0.25);
    expect(sortFloat64(values).every((v) => v === 0.25)).toBe(true);
  });
});
