/**
 * Segments with more than 9740 distinct tokens key their n-grams by strings instead of numbers
 * (bleuStatistics.ts). Expected counts follow from the definition: a hypothesis equal to its
 * reference matches all of its n-grams; the reversed reference shares only the unigrams.
 */
import { describe, expect, it } from 'vitest';
import { BleuCounter, segmentStatistics } from '../bleuStatistics.js';

const tokens = Array.from({ length: 10_000 }, (_, i) => `t${i}`);

describe('segmentStatistics on a segment of 10 000 distinct tokens (string keys)', () => {
  it('identical hypothesis and reference: every n-gram matches', () => {
    const text = tokens.join(' ');
    const s = segmentStatistics(text, [text], 'none', false);
    expect(s).toEqual({
      sysLen: 10_000,
      refLen: 10_000,
      correct: [10_000, 9_999, 9_998, 9_997],
      total: [10_000, 9_999, 9_998, 9_997],
    });
  });

  it('reversed reference: only unigrams match; a repeated token is clipped', () => {
    const s = segmentStatistics(
      `${tokens.join(' ')} t0`,
      [[...tokens].reverse().join(' ')],
      'none',
      false,
    );
    expect(s.correct).toEqual([10_000, 0, 0, 0]);
    expect(s.total).toEqual([10_001, 10_000, 9_999, 9_998]);
  });
});

describe('segmentStatistics with numeric n-gram keys (up to 9740 distinct tokens)', () => {
  it('9740 distinct tokens, the largest numeric case, in a reused counter', () => {
    const counter = new BleuCounter();
    const text = tokens.slice(0, 9740).join(' ');
    // A small segment first, so that the second one grows the reused tables.
    expect(segmentStatistics('a b a', ['a a b'], 'none', false, counter).correct).toEqual([
      3, 1, 0, 0,
    ]);
    expect(segmentStatistics(text, [text], 'none', false, counter).correct).toEqual([
      9740, 9739, 9738, 9737,
    ]);
    // And the clipping budget is the maximum count over references, not their sum.
    expect(
      segmentStatistics('a a a a', ['a b a', 'a a c', 'b'], 'none', false, counter).correct,
    ).toEqual([2, 1, 0, 0]);
  });
});
