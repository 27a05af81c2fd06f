/** Expected values printed in SciPy 1.10 docstrings (quoted in each test name). */
import { describe, expect, it } from 'vitest';
import { binomTest } from '../binomTest.js';
import { chiSquareSrm } from '../chiSquareSrm.js';
import { normalCdf, normalIsf } from '../distributions/index.js';
import { ks2Sample } from '../ks2Sample.js';
import { mannWhitneyU } from '../mannWhitneyU.js';

const close = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * Math.abs(expected));

describe('SciPy docstring examples', () => {
  it('chisquare([16, 18, 16, 14, 12, 12]) = (2.0, 0.84914503608460956)', () => {
    const r = chiSquareSrm([16, 18, 16, 14, 12, 12], [1, 1, 1, 1, 1, 1]);
    close(r.chi2, 2.0);
    close(r.pValue, 0.84914503608460956);
    expect(r.df).toBe(5);
  });

  it('chisquare(..., f_exp=[16, 16, 16, 16, 16, 8]) = (3.5, 0.62338762774958223)', () => {
    const r = chiSquareSrm([16, 18, 16, 14, 12, 12], [16, 16, 16, 16, 16, 8]);
    close(r.chi2, 3.5);
    close(r.pValue, 0.62338762774958223);
  });

  it("binomtest(3, n=15, p=0.1, alternative='greater').pvalue = 0.18406106910639114", () => {
    close(binomTest(3, 15, { p: 0.1, alternative: 'greater' }).pValue, 0.18406106910639114);
  });

  it("mannwhitneyu(males, females, method='asymptotic') = (17.0, 0.11134688653314041)", () => {
    const r = mannWhitneyU([19, 22, 16, 29, 24], [20, 11, 17, 12], { method: 'asymptotic' });
    expect(r.u).toBe(17);
    close(r.pValue, 0.11134688653314041);
  });

  it('norm.isf(0.025) = 1.959963984540054 and norm.cdf(0) = 0.5', () => {
    close(normalIsf(0.025), 1.959963984540054);
    expect(normalCdf(0)).toBe(0.5);
  });
});

describe('ks2Sample', () => {
  it('identical samples: statistic 0, p-value 1', () => {
    expect(ks2Sample([1, 2, 3], [1, 2, 3])).toEqual({ statistic: 0, pValue: 1, method: 'exact' });
  });

  it("ks_2samp([1, 2, 3], [2, 3, 4], method='asymp') = (0.33333333333333337, 0.9444444444444444)", () => {
    // SciPy 1.17.1; two-sided asymptotic p-values: kstwo.sf(d, round(en)) (ks2SampleLarge.test.ts).
    const r = ks2Sample([1, 2, 3], [2, 3, 4], { method: 'asymp' });
    expect(r.statistic).toBeCloseTo(0.33333333333333337, 15);
    expect(r.pValue).toBeCloseTo(0.9444444444444444, 15);
    expect(r.method).toBe('asymp');
  });
});
