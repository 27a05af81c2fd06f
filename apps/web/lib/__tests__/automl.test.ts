import { describe, expect, it } from 'vitest';
import { bestSoFar, familySummary, higherIsBetter, rankTrials, type Trial } from '../automl';

const trial = (
  n: number,
  family: string,
  mean: number | null,
  status: Trial['status'] = 'completed',
): Trial => ({
  trial: n,
  family,
  hyperparameters: {},
  status,
  foldScores: mean === null ? [] : [mean],
  mean,
  interval: null,
  durationMs: 100 * (n + 1),
});

const trials = [
  trial(0, 'linear', 0.7),
  trial(1, 'cart', 0.65),
  trial(2, 'linear', 0.6, 'pruned'),
  trial(3, 'cart', 0.75),
  trial(4, 'mlp', null, 'failed'),
  trial(5, 'linear', 0.72),
];

describe('the AutoML run page’s views of a leaderboard', () => {
  it('knows which way the core scores a metric (no metric: accuracy or R², higher is better)', () => {
    expect(higherIsBetter(undefined)).toBe(true);
    expect(higherIsBetter('accuracy')).toBe(true);
    expect(higherIsBetter('log_loss')).toBe(false);
    expect(higherIsBetter('rmse')).toBe(false);
  });

  it('ranks completed trials best first, then pruned and failed ones in trial order', () => {
    expect(rankTrials(trials, true).map((t) => t.trial)).toEqual([3, 5, 0, 1, 2, 4]);
    expect(rankTrials(trials, false).map((t) => t.trial)).toEqual([1, 0, 5, 3, 2, 4]);
  });

  it('draws the best so far after each trial, overall and per family, ignoring pruned trials', () => {
    const series = Object.fromEntries(bestSoFar(trials, true).map((s) => [s.label, s.points]));
    expect(series['all families']).toEqual([
      { x: 0, y: 0.7 },
      { x: 1, y: 0.7 },
      { x: 2, y: 0.7 },
      { x: 3, y: 0.75 },
      { x: 4, y: 0.75 },
      { x: 5, y: 0.75 },
    ]);
    expect(series.linear?.map((p) => p.y)).toEqual([0.7, 0.7, 0.7, 0.7, 0.7, 0.72]);
    expect(series.cart?.[0]).toEqual({ x: 1, y: 0.65 });
    expect(series.mlp).toBeUndefined();
    const lower = Object.fromEntries(bestSoFar(trials, false).map((s) => [s.label, s.points]));
    expect(lower['all families']?.at(-1)).toEqual({ x: 5, y: 0.65 });
  });

  it('sums each family’s trials by status and time, best family first', () => {
    expect(familySummary(trials, true)).toEqual([
      { family: 'cart', completed: 2, pruned: 0, failed: 0, best: 0.75, ms: 200 + 400 },
      { family: 'linear', completed: 2, pruned: 1, failed: 0, best: 0.72, ms: 100 + 300 + 600 },
      { family: 'mlp', completed: 0, pruned: 0, failed: 1, best: null, ms: 500 },
    ]);
  });
});
