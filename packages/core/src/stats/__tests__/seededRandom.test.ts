import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../random.js';

describe('SeededRandom.fillIndices', () => {
  it.each([1, 2, 7, 1000, 100_000, 3_000_000_000])(
    'draws what nextIndex(%i) draws, in order, and leaves the stream where it would be',
    (n) => {
      const one = new SeededRandom(42);
      const many = new SeededRandom(42);
      const expected = Uint32Array.from({ length: 257 }, () => one.nextIndex(n));
      const out = new Uint32Array(257);
      many.fillIndices(out, n);
      expect(out).toEqual(expected);
      expect(many.nextUint32()).toBe(one.nextUint32());
    },
  );
});
