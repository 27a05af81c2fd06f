/** Expected values printed in scikit-learn 1.2.1's `ndcg_score` docstring. */
import { describe, expect, it } from 'vitest';
import { ndcgScore } from '../ndcg.js';

describe('ndcgScore (sklearn docstring, true relevance [[10, 0, 0, 1, 5]])', () => {
  const relevance = [[10, 0, 0, 1, 5]];
  it('scores [[.05, 1.1, 1., .5, .0]] → 0.49…', () => {
    expect(Math.trunc(ndcgScore(relevance, [[0.05, 1.1, 1.0, 0.5, 0.0]]) * 100)).toBe(49);
  });
  it('k = 4 → 0.35…', () => {
    expect(Math.trunc(ndcgScore(relevance, [[0.05, 1.1, 1.0, 0.5, 0.0]], { k: 4 }) * 100)).toBe(35);
  });
  it('a perfect ranking still scores 1 with k = 4', () => {
    expect(ndcgScore(relevance, relevance, { k: 4 })).toBeCloseTo(1, 15);
  });
  it('ties are averaged: scores [[1, 0, 0, 0, 1]], k = 1 → (10 + 5) / 2 / 10 = 0.75', () => {
    expect(ndcgScore(relevance, [[1, 0, 0, 0, 1]], { k: 1 })).toBeCloseTo(0.75, 15);
  });
});
