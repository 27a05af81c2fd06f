/**
 * searchTrials with trials in flight at once (as the API runs them, in compute threads and on
 * other workers): at most `parallelTrials` at a time and one per family; with a trial budget the
 * leaderboard does not depend on which trial finishes first; a failing runner ends the search.
 */
import { describe, expect, it } from 'vitest';
import { createDataTable } from '../../../data/createDataTable.js';
import { RandomState } from '../../../linalg/randomState.js';
import { prepareStudy } from '../../study.js';
import { evaluateTrial, type TrialRequest } from '../../trial.js';
import { searchTrials } from '../searchTrials.js';

function table(rows = 240, seed = 5) {
  const rng = new RandomState(seed);
  const x1 = Float64Array.from({ length: rows }, () => rng.random() * 4 - 2);
  const x2 = Float64Array.from({ length: rows }, () => rng.random() * 4 - 2);
  const colour = Array.from({ length: rows }, () => ['red', 'green', 'blue'][rng.randint(0, 3)]);
  const label = Array.from({ length: rows }, (_, i) =>
    (x1[i] as number) - 0.5 * (x2[i] as number) + (colour[i] === 'red' ? 0.8 : 0) + rng.random() >
    0.5
      ? 'yes'
      : 'no',
  );
  return createDataTable([
    { name: 'x1', kind: 'numeric', values: x1 },
    { name: 'x2', kind: 'numeric', values: x2 },
    { name: 'colour', kind: 'label', values: colour as string[] },
    { name: 'label', kind: 'label', values: label },
  ]);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const strip = <T extends { durationMs: number }>(trials: readonly T[]) =>
  trials.map(({ durationMs: _d, ...rest }) => rest);

describe('searchTrials', () => {
  const study = prepareStudy(table(), {
    target: 'label',
    seed: 11,
    maxTrials: 12,
    timeBudgetSeconds: 600,
    families: ['linear', 'cart', 'random_forest'],
  });

  /** A runner that finishes trials after random delays (another order each time). */
  function delayedRunner(delaySeed: number) {
    const rng = new RandomState(delaySeed);
    let running = 0;
    let most = 0;
    const overlapping: string[][] = [];
    const families = new Set<string>();
    const run = async (request: TrialRequest) => {
      running++;
      most = Math.max(most, running);
      if (families.has(request.family)) overlapping.push([...families, request.family]);
      families.add(request.family);
      try {
        await sleep(rng.random() * 30);
        return await evaluateTrial(study, request);
      } finally {
        running--;
        families.delete(request.family);
      }
    };
    return { run, most: () => most, overlapping };
  }

  it('keeps at most parallelTrials in flight, one per family, and the leaderboard does not depend on which ends first', async () => {
    const runs = [];
    for (const delaySeed of [1, 2]) {
      const runner = delayedRunner(delaySeed);
      const result = await searchTrials(study, study.learners, runner.run, {
        start: Date.now(),
        parallelTrials: 2,
      });
      expect(runner.most()).toBe(2);
      expect(runner.overlapping).toEqual([]);
      runs.push(result);
    }
    const [a, b] = runs as [(typeof runs)[0], (typeof runs)[0]];
    expect(a.leaderboard).toHaveLength(12);
    expect(a.stoppedBy).toBe('trials');
    expect(strip(b.leaderboard)).toEqual(strip(a.leaderboard));
    expect(a.best?.trial).toBe(b.best?.trial);
    // every family took part
    expect(new Set(a.leaderboard.map((t) => t.family))).toEqual(
      new Set(['linear', 'cart', 'random_forest']),
    );
  });

  it('with one trial at a time it is the sequential search, and trials are numbered in order', async () => {
    const runner = delayedRunner(3);
    const result = await searchTrials(study, study.learners, runner.run, { start: Date.now() });
    expect(runner.most()).toBe(1);
    expect(result.leaderboard.map((t) => t.trial)).toEqual([...Array(12).keys()]);
  });

  it('ends with the runner’s error when a trial cannot be run (not a failed trial)', async () => {
    let calls = 0;
    const failing = async (request: TrialRequest) => {
      calls++;
      if (calls === 3) throw new Error('the worker is gone');
      return evaluateTrial(study, request);
    };
    await expect(
      searchTrials(study, study.learners, failing, { start: Date.now(), parallelTrials: 2 }),
    ).rejects.toThrow('the worker is gone');
  });
});
