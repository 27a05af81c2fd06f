import { describe, expect, it } from 'vitest';
import { encodeLabels } from '../encodeLabels.js';

describe('encodeLabels(values, labels)', () => {
  it('small integer labels (lookup table): index in labels, −1 when unlisted', () => {
    expect(Array.from(encodeLabels([2, 0, 5, 2, 7], [2, 0, 5]))).toEqual([0, 1, 2, 0, -1]);
  });
  it('other labels (Map): strings, negatives, large numbers', () => {
    expect(Array.from(encodeLabels(['b', 'a', 'z'], ['a', 'b']))).toEqual([1, 0, -1]);
    expect(Array.from(encodeLabels([-1, 1, 1e6], [-1, 1e6]))).toEqual([0, -1, 1]);
  });
  it('a label listed twice maps to its first index', () => {
    expect(Array.from(encodeLabels([3], [3, 3]))).toEqual([0]);
  });
});
