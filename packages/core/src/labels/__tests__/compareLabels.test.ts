import { describe, expect, it } from 'vitest';
import { compareCodePoints, compareLabels } from '../compareLabels.js';
import { uniqueLabels } from '../uniqueLabels.js';

describe('label order', () => {
  it('uniqueLabels([10, 2, 9, 2]) sorts numerically: [2, 9, 10]', () => {
    expect(uniqueLabels([10, 2, 9, 2])).toEqual([2, 9, 10]);
  });

  it('strings sort by code point, not UTF-16 units: "ｚ" (U+FF5A) < "😀" (U+1F600)', () => {
    // JavaScript's default sort puts the surrogate pair of U+1F600 (0xD83D…) first.
    expect(['😀', 'ｚ'].sort()).toEqual(['😀', 'ｚ']);
    expect(uniqueLabels(['😀', 'ｚ', 'a'])).toEqual(['a', 'ｚ', '😀']);
    expect(compareCodePoints('ｚ', '😀')).toBeLessThan(0);
  });

  it('a prefix sorts first and equal strings compare 0', () => {
    expect(compareCodePoints('ab', 'abc')).toBeLessThan(0);
    expect(compareCodePoints('abc', 'abc')).toBe(0);
    expect(compareLabels('B', 'a')).toBeLessThan(0);
  });
});

describe('uniqueLabels(...arrays)', () => {
  it('small non-negative integers (presence table) sort numerically, like the Set path', () => {
    expect(uniqueLabels([10, 2, 9], [0, 2])).toEqual([0, 2, 9, 10]);
    expect(uniqueLabels([3, -1, 2])).toEqual([-1, 2, 3]);
    expect(uniqueLabels([65536, 1])).toEqual([1, 65536]);
    expect(uniqueLabels([1.5, 1])).toEqual([1, 1.5]);
    expect(uniqueLabels([])).toEqual([]);
  });

  it('strings sort by code point', () => {
    expect(uniqueLabels(['😀', 'ｚ', 'a'])).toEqual(['a', 'ｚ', '😀']);
  });
});
