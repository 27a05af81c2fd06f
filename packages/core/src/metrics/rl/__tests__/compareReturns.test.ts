import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../errors/index.js';
import { bootstrapMeanDifference } from '../../../stats/bootstrapMeanDifference.js';
import { mannWhitneyU } from '../../../stats/mannWhitneyU.js';
import { compareReturns } from '../compareReturns.js';

// Expected values: scripts/reference/rl_compare.py (SciPy 1.10.1 ttest_ind(equal_var=False),
// mannwhitneyu (method auto and exact), bootstrap(paired=False, method='percentile') with
// random_state=np.random.default_rng(seed)).
interface Case {
  name: string;
  a: number[];
  b: number[];
  welch: { t: number; df: number; pValue: number };
  mannWhitney: { u: number; pValue: number; method: 'exact' | 'asymptotic' };
  mannWhitneyExactP: number | null;
  meanDifference: number;
  bootstrap: {
    seed: number;
    nResamples: number;
    confidenceLevel: number;
    low: number;
    high: number;
  }[];
}
const { cases } = JSON.parse(
  readFileSync(new URL('./reference/rl_compare.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

const close = (actual: number, expected: number, rel = 1e-10) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));

describe('compareReturns(a, b) equals SciPy on each reference case', () => {
  for (const c of cases) {
    it(c.name, () => {
      const first = c.bootstrap[0] as Case['bootstrap'][number];
      const r = compareReturns(c.a, c.b, {
        seed: first.seed,
        nResamples: first.nResamples,
        confidenceLevel: first.confidenceLevel,
      });
      expect(r.welch).not.toBeNull();
      close(r.welch?.t as number, c.welch.t);
      close(r.welch?.df as number, c.welch.df);
      close(r.welch?.pValue as number, c.welch.pValue);
      expect(r.mannWhitney.u).toBe(c.mannWhitney.u);
      expect(r.mannWhitney.method).toBe(c.mannWhitney.method);
      close(r.mannWhitney.pValue, c.mannWhitney.pValue);
      close(r.bootstrap.estimate, c.meanDifference, 1e-13);
      close(r.bootstrap.low, first.low, 1e-12);
      close(r.bootstrap.high, first.high, 1e-12);
      expect(r.a.n).toBe(c.a.length);
      expect(r.notes).toEqual([]);
    });
  }
});

describe('bootstrapMeanDifference(a, b, options) reproduces SciPy draw for draw', () => {
  for (const c of cases) {
    for (const b of c.bootstrap) {
      it(`${c.name}, seed ${b.seed}, ${b.nResamples} resamples at ${b.confidenceLevel}`, () => {
        const r = bootstrapMeanDifference(c.a, c.b, {
          seed: b.seed,
          nResamples: b.nResamples,
          confidenceLevel: b.confidenceLevel,
        });
        close(r.low, b.low, 1e-12);
        close(r.high, b.high, 1e-12);
      });
    }
  }

  it('refuses a draw count beyond the bound with the fix in the message', () => {
    const a = new Array<number>(10_000).fill(1);
    expect(() => bootstrapMeanDifference(a, a, { nResamples: 2000 })).toThrow(/lower nResamples/);
  });
});

describe('mannWhitneyU(a, b, { method: "exact" }) equals SciPy’s exact p-value', () => {
  for (const c of cases.filter((x) => x.mannWhitneyExactP !== null)) {
    it(c.name, () => {
      close(mannWhitneyU(c.a, c.b, { method: 'exact' }).pValue, c.mannWhitneyExactP as number);
    });
  }
});

describe('compareReturns edge cases', () => {
  it('leaves Welch out with a note when an agent has one episode', () => {
    const r = compareReturns([3], [1, 2, 4], { nResamples: 50 });
    expect(r.welch).toBeNull();
    expect(r.notes[0]).toMatch(/at least 2 episodes/);
    expect(r.a.std).toBe(0);
  });

  it('leaves Welch out with a note when both agents are constant', () => {
    const r = compareReturns([2, 2, 2], [1, 1], { nResamples: 50 });
    expect(r.welch).toBeNull();
    expect(r.notes[0]).toMatch(/zero variance/);
    expect(r.bootstrap.low).toBe(1);
    expect(r.bootstrap.high).toBe(1);
  });

  it('refuses an agent without episodes, naming it', () => {
    expect(() => compareReturns([], [1, 2])).toThrow(InvalidInputError);
    expect(() => compareReturns([1, 2], [])).toThrow(/b has no episode/);
  });
});

describe('computeMetric("compareReturns", { a, b }, params)', () => {
  it('is the same comparison through the catalog, with params checked', async () => {
    const { computeMetric } = await import('../../computeMetric.js');
    const c = cases[0] as Case;
    const direct = compareReturns(c.a, c.b, { nResamples: 100, seed: 3 });
    expect(
      computeMetric('compareReturns', { a: c.a, b: c.b }, { nResamples: 100, seed: 3 }),
    ).toEqual(direct);
    expect(() =>
      computeMetric('compareReturns', { a: c.a, b: c.b }, { confidenceLevel: 1 }),
    ).toThrow(InvalidInputError);
  });
});
