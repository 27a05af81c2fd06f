import { normalIsf, normalSf } from '../stats/distributions/index.js';
import { welchTTestFromStats } from '../stats/welchTTest.js';
import { studentTPpf } from './studentTPpf.js';

/** Result of a classic fixed-horizon test of treatment − control; NaN where the reference gives NaN. */
export interface ClassicResult {
  estimate: number;
  ci: [number, number];
  pValue: number;
  statistic: number;
}

/**
 * Two-proportion z-test of treatment − control with statsmodels' semantics:
 * `proportions_ztest([sB, sA], [nB, nA])` (pooled variance; with no successes anywhere, or no
 * failures anywhere, 0/0 gives z = NaN and p = NaN — not an error) and the Wald interval of
 * `confint_proportions_2indep(sB, nB, sA, nA, method='wald', compare='diff', alpha)`.
 * (The stats area's `twoProportionZTest` throws in the NaN case and has a fixed 95 % interval, so
 * the A/B analysis keeps statsmodels' behaviour here.)
 *
 * Reference: statsmodels 0.13.5.
 */
export function proportionsZTest(
  successesA: number,
  nA: number,
  successesB: number,
  nB: number,
  alpha: number,
): ClassicResult {
  const pA = successesA / nA;
  const pB = successesB / nB;
  const diff = pB - pA;
  const pooled = (successesA + successesB) / (nA + nB);
  const std = Math.sqrt(pooled * (1 - pooled) * (1 / nB + 1 / nA));
  const z = diff / std;
  const pValue = normalSf(Math.abs(z)) * 2;
  const half = normalIsf(alpha / 2) * Math.sqrt((pB * (1 - pB)) / nB + (pA * (1 - pA)) / nA);
  return { estimate: diff, ci: [diff - half, diff + half], pValue, statistic: z };
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
