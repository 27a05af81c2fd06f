import { studentTPpf } from '../stats/distributions/studentTPpf.js';
import { twoProportionZ } from '../stats/twoProportionZTest.js';
import { welchTTestFromStats } from '../stats/welchTTest.js';

/** Result of a classic fixed-horizon test of treatment − control; NaN where the reference gives NaN. */
export interface ClassicResult {
  estimate: number;
  ci: [number, number];
  pValue: number;
  statistic: number;
}

/**
 * Two-proportion z-test of treatment − control at level `alpha`: the stats area's
 * {@link twoProportionZ} (statsmodels' `proportions_ztest` and the Wald interval of
 * `confint_proportions_2indep`), NaN with no successes or no failures anywhere.
 */
export function proportionsZTest(
  successesA: number,
  nA: number,
  successesB: number,
  nB: number,
  alpha: number,
): ClassicResult {
  const { z, pValue, diff, ci } = twoProportionZ(
    successesB,
    nB,
    successesA,
    nA,
    'two-sided',
    alpha,
  );
  return { estimate: diff, ci, pValue, statistic: z };
}

/**
 * Welch's t-test of treatment − control from sufficient statistics (the stats area's
 * `welchTTestFromStats`, SciPy `ttest_ind(equal_var=False)`), with the interval
 * diff ± t_{1−α/2; df}·se. With fewer than 2 units in an arm the statistic is NaN; with no
 * variance in either arm t = ±inf and p = 0 for different means, NaN for equal ones (as SciPy).
 */
export function welchFromMoments(
  meanA: number,
  varA: number,
  nA: number,
  meanB: number,
  varB: number,
  nB: number,
  alpha: number,
): ClassicResult {
  const diff = meanB - meanA;
  const se = Math.sqrt(varA / nA + varB / nB);
  const nan: [number, number] = [Number.NaN, Number.NaN];
  if (!(nA >= 2 && nB >= 2 && varA >= 0 && varB >= 0))
    return { estimate: diff, ci: nan, pValue: Number.NaN, statistic: Number.NaN };
  // No variance in either arm: SciPy's t is ±inf (p = 0) for different means, NaN for equal ones.
  if (se === 0)
    return { estimate: diff, ci: nan, pValue: diff === 0 ? Number.NaN : 0, statistic: diff / 0 };
  const { t, df, pValue } = welchTTestFromStats(
    { mean: meanB, std: Math.sqrt(varB), n: nB },
    { mean: meanA, std: Math.sqrt(varA), n: nA },
  );
  const half = studentTPpf(1 - alpha / 2, df) * se;
  return { estimate: diff, ci: [diff - half, diff + half], pValue, statistic: t };
}
