import { describe, expect, it } from 'vitest';
import { computeMetric } from '../../metrics/computeMetric.js';
import { twoProportionZ, twoProportionZTest } from '../twoProportionZTest.js';

// statsmodels 0.13.5: proportions_ztest([0, 0], [10, 20]) → (nan, nan);
// confint_proportions_2indep(0, 10, 0, 20, method='wald', compare='diff') → (0.0, 0.0);
// proportions_ztest([10, 20], [10, 20]) → (nan, nan).
describe('twoProportionZTest without variance (statsmodels semantics)', () => {
  it('no successes anywhere: z and p are NaN, the Wald interval is [0, 0], no error', () => {
    const r = twoProportionZTest(0, 10, 0, 20);
    expect(r.z).toBeNaN();
    expect(r.pValue).toBeNaN();
    expect(r.diff).toBe(0);
    expect(r.ci95).toEqual([0, 0]);
  });

  it('no failures anywhere: NaN as well, through the catalog too', () => {
    const r = computeMetric('twoProportionZTest', {
      successesA: 10,
      trialsA: 10,
      successesB: 20,
      trialsB: 20,
    }) as { z: number; pValue: number };
    expect(r.z).toBeNaN();
    expect(r.pValue).toBeNaN();
  });

  it('the interval follows alpha (99 % is wider than 95 %)', () => {
    const at95 = twoProportionZ(30, 100, 42, 100);
    const at99 = twoProportionZ(30, 100, 42, 100, 'two-sided', 0.01);
    expect(at99.z).toBe(at95.z);
    expect(at99.ci[1] - at99.ci[0]).toBeGreaterThan(at95.ci[1] - at95.ci[0]);
  });

  it('still refuses impossible counts', () => {
    expect(() => twoProportionZTest(11, 10, 0, 20)).toThrow(/exceed/);
  });
});
