/**
 * FLOW2's starting points: tried right after the low-cost start, they move the incumbent when
 * better (the local search then steps from there), cost the search no failed direction, and a
 * skipped one is forgotten.
 */
import { describe, expect, it } from 'vitest';
import { RandomState } from '../../../linalg/randomState.js';
import type { HyperparameterDomain } from '../../learners/types.js';
import { Flow2 } from '../flow2.js';
import { initialConfig, unitSpace } from '../space.js';

const space: Record<string, HyperparameterDomain> = {
  rounds: { kind: 'int', low: 4, high: 4096, log: true, init: 4 },
  rate: { kind: 'float', low: 0.001, high: 1, log: true, init: 0.1 },
};
/** Round-tripping through the log-scaled unit cube moves a float by an ulp or two. */
const near = (p: Record<string, unknown>) => ({
  rounds: p.rounds,
  rate: Number((p.rate as number).toPrecision(12)),
});
const flow = (starts: { rounds: number; rate: number }[]) =>
  new Flow2(unitSpace(space), initialConfig(space), new RandomState(0), starts);

describe('Flow2 starting points', () => {
  it('tries the low-cost start, then each starting point, then searches around the best', () => {
    const f = flow([{ rounds: 100, rate: 0.1 }]);
    expect(near(f.propose())).toEqual({ rounds: 4, rate: 0.1 });
    expect(f.proposingStart).toBe(false);
    f.observe(1);
    expect(near(f.propose())).toEqual({ rounds: 100, rate: 0.1 });
    expect(f.proposingStart).toBe(true);
    f.observe(0.5);
    // The next proposal is a step from the starting point (the incumbent now), not from 4 rounds.
    const next = f.propose();
    expect(f.proposingStart).toBe(false);
    expect(Math.abs(Math.log2((next.rounds as number) / 100))).toBeLessThan(4);
  });

  it('keeps the start as incumbent when the starting point is worse', () => {
    const f = flow([{ rounds: 1000, rate: 0.5 }]);
    f.propose();
    f.observe(0.2);
    f.propose();
    f.observe(0.9);
    const next = f.propose();
    expect(Math.abs(Math.log2((next.rounds as number) / 4))).toBeLessThan(4);
  });

  it('forgets a skipped starting point and goes on with the local search', () => {
    const f = flow([{ rounds: 4096, rate: 1 }]);
    f.propose();
    f.observe(1);
    expect(near(f.propose())).toEqual({ rounds: 4096, rate: 1 });
    f.skip();
    expect(f.proposingStart).toBe(false);
    expect(near(f.propose())).not.toEqual({ rounds: 4096, rate: 1 });
    expect(f.proposingStart).toBe(false);
  });
});
