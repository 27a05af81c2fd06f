/** Expected values from sacrebleu's test suite (test/test_ter.py, `test_cases`). */
import { describe, expect, it } from 'vitest';
import { ter } from '../ter.js';

describe('ter (sacrebleu test_ter.py cases)', () => {
  it.each([
    ['aaaa bbbb cccc dddd', 'aaaa bbbb cccc dddd', 0],
    ['dddd eeee ffff', 'aaaa bbbb cccc', 1],
    ['', 'a', 1],
    ['d e f g h a b c', 'a b c d e f g h', 1 / 8],
  ])('ter([%j], [[%j]]) = %d', (hypothesis, reference, expected) => {
    expect(ter([hypothesis], [[reference]]).score / 100).toBeCloseTo(expected, 12);
  });
});
