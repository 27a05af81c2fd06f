/**
 * planAbTest and adjustPValues against statsmodels 0.13.5 (reference/abtest_gbstats.json, made by
 * scripts/reference/abtest_gbstats.py): `NormalIndPower().solve_power(effect_size, alpha, power,
 * ratio=1, alternative='two-sided')` with `proportion_effectsize` (Cohen's h) or d = mde·|mean|/sd,
 * and `multipletests(p, method='holm' | 'fdr_bh')`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { studentTCdf } from '../../stats/distributions/index.js';
import { studentTPpf } from '../../stats/distributions/studentTPpf.js';
import { adjustPValues, planAbTest, type TPlanAbTestInput } from '../index.js';

const fixture = JSON.parse(
  readFileSync(new URL('./reference/abtest_gbstats.json', import.meta.url), 'utf8'),
) as {
  plans: {
    input: TPlanAbTestInput;
    effectSize: number;
    unitsPerVariantExact: number;
    ttIndSolvePower?: number;
  }[];
  multipleTesting: { pValues: number[]; holm: number[]; 'benjamini-hochberg': number[] }[];
};

describe('planAbTest(input) equals statsmodels NormalIndPower.solve_power', () => {
  it('on proportions (Cohen h) and means (d), units, total and days', () => {
    expect(fixture.plans.length).toBe(8);
    for (const plan of fixture.plans) {
      const r = planAbTest(plan.input);
      expect(r.effectSize).toBeCloseTo(plan.effectSize, 14);
      // statsmodels' root finder (brentq) stops at ~1e-8 relative: the reference is approximate there.
      expect(Math.abs(r.unitsPerVariantExact / plan.unitsPerVariantExact - 1)).toBeLessThan(1e-7);
      expect(r.unitsPerVariant).toBe(Math.ceil(plan.unitsPerVariantExact));
      const variants = plan.input.variants ?? 2;
      expect(r.totalUnits).toBe(r.unitsPerVariant * variants);
      expect(r.days).toBe(
        plan.input.dailyUnits === undefined
          ? null
          : Math.ceil(r.totalUnits / plan.input.dailyUnits),
      );
      if (plan.ttIndSolvePower !== undefined) {
        // the t-test planner asks for 1 to 2 more units: the normal approximation's documented gap
        expect(plan.ttIndSolvePower - r.unitsPerVariantExact).toBeGreaterThan(0);
        expect(plan.ttIndSolvePower - r.unitsPerVariantExact).toBeLessThan(2);
      }
    }
  });

  it('refuses a zero mde, a treated rate outside (0, 1), power ≤ alpha', () => {
    const base = { baseline: { kind: 'proportion' as const, rate: 0.5 }, mde: 0.1 };
    expect(() => planAbTest({ ...base, mde: 0 })).toThrow(/mde must be finite and non-zero/);
    expect(() => planAbTest({ ...base, mde: 1.5 })).toThrow(/treated rate must lie in \(0, 1\)/);
    expect(() => planAbTest({ ...base, alpha: 0.5, power: 0.4 })).toThrow(
      /power must exceed alpha/,
    );
    expect(() => planAbTest({ baseline: { kind: 'mean', mean: 1, sd: -1 }, mde: 0.1 })).toThrow(
      InvalidInputError,
    );
  });
});

describe('adjustPValues(p, correction) equals statsmodels multipletests', () => {
  it('holm and fdr_bh, in input order, ties included', () => {
    for (const c of fixture.multipleTesting) {
      for (const method of ['holm', 'benjamini-hochberg'] as const) {
        const got = adjustPValues(c.pValues, method);
        got.forEach((q, i) => {
          expect(Math.abs(q - (c[method][i] as number))).toBeLessThanOrEqual(1e-15);
        });
      }
      expect(adjustPValues(c.pValues, 'none')).toEqual(c.pValues);
    }
  });
});

describe('studentTPpf(p, df) inverts the t CDF (SciPy t.ppf)', () => {
  it('matches SciPy, round-trips through studentTCdf up to df 1e4, and follows SciPy beyond', () => {
    // scipy.stats.t.ppf(0.975, 1) = 12.706204736432095: SciPy's stdtrit (cdflib) is off by 2e-11
    // relative there (the exact quantile is tan(0.475π) = 12.70620473617470…), so 1e-9 relative.
    expect(Math.abs(studentTPpf(0.975, 1) / 12.706204736432095 - 1)).toBeLessThan(1e-9);
    expect(studentTPpf(0.975, 1)).toBeCloseTo(Math.tan(0.475 * Math.PI), 12);
    // scipy.stats.t.ppf(0.975, 10) = 2.2281388519649385 (1e-11 off); mpmath's root is 2.2281388519862747…
    expect(Math.abs(studentTPpf(0.975, 10) / 2.2281388519649385 - 1)).toBeLessThan(1e-9);
    expect(studentTPpf(0.975, 10)).toBeCloseTo(2.228138851986275, 14);
    expect(studentTPpf(0.025, 30.5)).toBeCloseTo(-2.04086944518632, 13); // scipy.stats.t.ppf(0.025, 30.5)
    // beyond 1e4 (Cornish–Fisher): scipy.stats.t.ppf(0.975, 1e7) and t.ppf(0.995, 1e5)
    expect(studentTPpf(0.975, 1e7)).toBeCloseTo(1.959964221767205, 14);
    expect(studentTPpf(0.005, 1e5)).toBeCloseTo(-2.5758784699083748, 14);
    for (const df of [1, 2.5, 7, 42.3, 1000, 9999]) {
      for (const p of [1e-9, 0.005, 0.025, 0.3, 0.7, 0.975, 0.995]) {
        const t = studentTPpf(p, df);
        expect(Math.abs(studentTCdf(t, df) - p) / p).toBeLessThan(1e-10);
      }
    }
  });
});
