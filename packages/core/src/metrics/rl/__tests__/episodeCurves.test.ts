import { describe, expect, it } from 'vitest';
import { lttb } from '../../../data/lttb.js';
import { InvalidInputError } from '../../../errors/index.js';
import { episodeCurves } from '../episodeCurves.js';

describe('episodeCurves(episodes, options)', () => {
  it('gives returns per episode and the regret where the optimum is known', () => {
    // By hand: returns 1, 3, 2, 5; optimum 4 known for episodes 0, 1 and 3.
    // Regret 3, 1, −1 → cumulative 3, 4, 3; total 3, mean 1.
    const r = episodeCurves([
      { episode: 0, return: 1, optimal: 4 },
      { episode: 1, return: 3, optimal: 4 },
      { episode: 2, return: 2, optimal: null },
      { episode: 3, return: 5, optimal: 4 },
    ]);
    expect(r.episodes).toBe(4);
    expect(r.returns).toEqual({ mean: 2.75, std: Math.sqrt(2.1875), min: 1, max: 5 });
    expect(r.returnCurve).toEqual([
      { x: 0, y: 1 },
      { x: 1, y: 3 },
      { x: 2, y: 2 },
      { x: 3, y: 5 },
    ]);
    expect(r.regret).toEqual({
      episodes: 3,
      total: 3,
      mean: 1,
      curve: [
        { x: 0, y: 3 },
        { x: 1, y: 1 },
        { x: 3, y: -1 },
      ],
      cumulative: [
        { x: 0, y: 3 },
        { x: 1, y: 4 },
        { x: 3, y: 3 },
      ],
    });
    expect(r.downsampled).toBe(false);
  });

  it('has no regret part when no optimum is known', () => {
    expect(episodeCurves([{ episode: 5, return: 1, optimal: null }]).regret).toBeNull();
  });

  it('downsamples long runs with LTTB, keeping the first and last episode', () => {
    const episodes = Array.from({ length: 10_000 }, (_, i) => ({
      episode: i,
      return: Math.sin(i / 50) * 10 + (i % 7),
      optimal: 20,
    }));
    const r = episodeCurves(episodes, { maxPoints: 300 });
    expect(r.downsampled).toBe(true);
    expect(r.returnCurve).toHaveLength(300);
    expect(r.returnCurve[0]).toEqual({ x: 0, y: episodes[0]?.return });
    expect(r.returnCurve.at(-1)?.x).toBe(9999);
    const full = episodes.map((e) => ({ x: e.episode, y: e.return }));
    expect(r.returnCurve).toEqual(lttb(full, 300));
    expect(r.regret?.cumulative).toHaveLength(300);
    expect(r.regret?.cumulative.at(-1)?.y).toBeCloseTo(
      episodes.reduce((s, e) => s + 20 - e.return, 0),
      6,
    );
  });

  it('refuses no episodes, unordered episodes and a bad maxPoints', () => {
    expect(() => episodeCurves([])).toThrow(/post rewards first/);
    expect(() =>
      episodeCurves([
        { episode: 2, return: 1, optimal: null },
        { episode: 1, return: 1, optimal: null },
      ]),
    ).toThrow(InvalidInputError);
    expect(() =>
      episodeCurves([{ episode: 0, return: 1, optimal: null }], { maxPoints: 2 }),
    ).toThrow(/maxPoints/);
  });
});
