import { normalCdf, normalPpf, normalSf, studentTCdf } from '../stats/distributions/index.js';
import { studentTPpf } from '../stats/distributions/studentTPpf.js';
import {
  type AdjustedRatioStat,
  type AdjustedStat,
  adjustedCovariance,
  baseMean,
  baseVariance,
  lambdaMatrix,
  quadratic,
  ratioNabla,
  type Stat,
  statMean,
  statUnadjustedMean,
  statVariance,
  thetaAdjusted,
  varianceOfRatios,
} from './statistics.js';

/**
 * gbstats' effect tests (github:growthbook/growthbook@8f1db445, gbstats 0.8.0), ported formula by
 * formula: `EffectMoments` (`models/tests.py`), `TwoSidedTTest` and `SequentialTwoSidedTTest`
 * (`frequentist/tests.py`), `EffectBayesianABTest` with its default improper prior
 * (`bayesian/tests.py`). Where gbstats returns its uninformative default output with an
 * `errorMessage` (zero variance, a zero baseline), these return `error` with the same message and
 * no numbers.
 */

export type DifferenceType = 'relative' | 'absolute';

export const ZERO_NEGATIVE_VARIANCE = 'ZERO_NEGATIVE_VARIANCE';
export const BASELINE_VARIATION_ZERO = 'ZERO_NEGATIVE_BASELINE_VARIATION';

export interface Moments {
  /** Treatment − control (absolute) or (treatment − control)/|control| (relative). */
  estimate: number;
  standardError: number;
  /** Control and treatment units together. */
  n: number;
  /** The θ-adjusted pair the moments were computed from. */
  a: Stat;
  b: Stat;
}

/** gbstats `frequentist_variance_relative_cuped`. */
function relativeCupedVariance(a: AdjustedStat, b: AdjustedStat): number {
  const ua = baseMean(a.post);
  const denTrt = b.n * ua ** 2;
  const denCtrl = a.n * ua ** 2;
  if (denTrt === 0 || denCtrl === 0) return 0;
  const theta = a.theta ? a.theta : 0;
  const numTrt =
    baseVariance(b.post) + theta ** 2 * baseVariance(b.pre) - 2 * theta * adjustedCovariance(b);
  const vTrt = numTrt / denTrt;
  const c = -baseMean(b.post);
  const numA = (baseVariance(a.post) * c ** 2) / baseMean(a.post) ** 2;
  const numB = (2 * theta * adjustedCovariance(a) * c) / baseMean(a.post);
  const numC = theta ** 2 * baseVariance(a.pre);
  return vTrt + (numA + numB + numC) / denCtrl;
}

/** gbstats `frequentist_variance_relative_cuped_ratio` (delta method in (m, d, m₀, d₀) of both arms). */
function relativeCupedRatioVariance(a: AdjustedRatioStat, b: AdjustedRatioStat): number {
  const ua = statUnadjustedMean(a);
  const dA = baseMean(a.dPost);
  if (ua === 0 || dA === 0) return 0;
  const gAbs = (statMean(b) - statMean(a)) * Math.sign(ua);
  const gRelDen = Math.abs(ua);
  const mA = baseMean(a.mPost);
  const nablaA0 = -(gRelDen + gAbs) / dA / gRelDen ** 2;
  const nablaA1 = ((mA * gRelDen) / dA ** 2 + (mA * gAbs) / dA ** 2) / gRelDen ** 2;
  const na = ratioNabla(a);
  const nablaA = [nablaA0, nablaA1, -(na[2] as number) / gRelDen, -(na[3] as number) / gRelDen];
  const nablaB = ratioNabla(b).map((x) => x / gRelDen);
  return (
    quadratic(nablaA, lambdaMatrix(a), nablaA, [0, 4], [0, 4]) / a.n +
    quadratic(nablaB, lambdaMatrix(b), nablaB, [0, 4], [0, 4]) / b.n
  );
}

/** gbstats `frequentist_variance_all_cases`: the variance of the estimate. */
function estimateVariance(a: Stat, b: Stat, relative: boolean): number {
  if (relative && a.type === 'adjustedRatio' && b.type === 'adjustedRatio')
    return relativeCupedRatioVariance(a, b);
  if (relative && a.type === 'adjusted' && b.type === 'adjusted')
    return relativeCupedVariance(a, b);
  const varA = statVariance(a);
  const varB = statVariance(b);
  if (relative)
    return varianceOfRatios(
      statUnadjustedMean(b),
      varB / b.n,
      statUnadjustedMean(a),
      varA / a.n,
      0,
    );
  return varB / b.n + varA / a.n;
}

/**
 * gbstats `EffectMoments.compute_result` after `create_theta_adjusted_statistics`: the point
 * estimate and its standard error, or the error gbstats reports.
 */
export function effectMoments(
  control: Stat,
  treatment: Stat,
  difference: DifferenceType,
): Moments | { error: string } {
  const [a, b] = thetaAdjusted(control, treatment);
  const relative = difference === 'relative';
  const variance = estimateVariance(a, b, relative);
  if (statVariance(a) <= 0 || statVariance(b) <= 0 || variance <= 0)
    return { error: ZERO_NEGATIVE_VARIANCE };
  const meanA = statMean(a);
  const unadjustedA = statUnadjustedMean(a);
  if (meanA === 0 || unadjustedA === 0) return { error: BASELINE_VARIATION_ZERO };
  // gbstats `frequentist_diff` divides by |unadjusted control mean| ("or" the adjusted one when 0).
  const estimate = relative
    ? (statMean(b) - meanA) / Math.abs(unadjustedA || meanA)
    : statMean(b) - meanA;
  return { estimate, standardError: Math.sqrt(variance), n: a.n + b.n, a, b };
}

export interface FrequentistResult {
  estimate: number;
  ci: [number, number];
  pValue: number;
  standardError: number;
}

/** Welch–Satterthwaite degrees of freedom of gbstats' `TTest.dof` (on the θ-adjusted pair). */
export function welchDof(m: Moments): number {
  const va = statVariance(m.a);
  const vb = statVariance(m.b);
  const na = m.a.n;
  const nb = m.b.n;
  return (
    (vb / nb + va / na) ** 2 / (vb ** 2 / (nb ** 2 * (nb - 1)) + va ** 2 / (na ** 2 * (na - 1)))
  );
}

/**
 * gbstats `TwoSidedTTest`: p = 2(1 − F_t(|est/se|; dof)), interval est ± t_{1−α/2; dof}·se with
 * Welch's dof.
 */
export function twoSidedTTest(m: Moments, alpha: number): FrequentistResult {
  const dof = welchDof(m);
  const t = m.estimate / m.standardError;
  const pValue = 2 * (1 - studentTCdf(Math.abs(t), dof));
  const half = studentTPpf(1 - alpha / 2, dof) * m.standardError;
  return {
    estimate: m.estimate,
    ci: [m.estimate - half, m.estimate + half],
    pValue,
    standardError: m.standardError,
  };
}

/**
 * gbstats `sequential_rho` (eq. 161 of Waudby-Smith et al., arXiv:2103.06476v7): the mixing
 * parameter ρ that makes the confidence sequence tightest near `tuning` units.
 */
export function sequentialRho(alpha: number, tuning: number): number {
  const l = -2 * Math.log(alpha);
  return Math.sqrt((l + Math.log(l + 1)) / tuning);
}

/**
 * gbstats `SequentialTwoSidedTTest`: the asymptotic confidence sequence of Waudby-Smith et al.
 * (eq. 9) with N = control + treatment units, halfwidth
 * √(se²N)·√(2(Nρ² + 1)·ln(√(Nρ² + 1)/α)/(Nρ)²), and the always-valid p-value 1/e (eq. 155),
 * capped at 1. Valid at every look, so the test can be read daily.
 */
export function sequentialTwoSidedTTest(
  m: Moments,
  alpha: number,
  tuning: number,
): FrequentistResult {
  const rho = sequentialRho(alpha, tuning);
  const n = m.n;
  const s2 = m.standardError ** 2 * n;
  const nr2p1 = n * rho ** 2 + 1;
  const half =
    Math.sqrt(s2) * Math.sqrt((2 * nr2p1 * Math.log(Math.sqrt(nr2p1) / alpha)) / (n * rho) ** 2);
  const st2 = (m.estimate ** 2 * n) / m.standardError ** 2;
  const evalue = Math.exp((rho ** 2 * st2) / (2 * nr2p1)) / Math.sqrt(nr2p1);
  return {
    estimate: m.estimate,
    ci: [m.estimate - half, m.estimate + half],
    pValue: Math.min(1 / evalue, 1),
    standardError: m.standardError,
  };
}

export interface BayesianResult {
  estimate: number;
  ci: [number, number];
  chanceToWin: number;
  /** gbstats `risk`: [expected loss of keeping control, expected loss of choosing the treatment]. */
  risk: [number, number];
  standardError: number;
}

/** E[X | a < X < b] for X ~ N(μ, σ²) with one infinite bound (the Mills ratio). */
function truncatedNormalMean(mu: number, sigma: number, side: 'below-zero' | 'above-zero'): number {
  const z = -mu / sigma;
  if (side === 'above-zero') {
    const density = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    return mu + (sigma * density) / normalSf(z);
  }
  const density = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  return mu - (sigma * density) / normalCdf(z);
}

/** gbstats `EffectBayesianABTest.get_risk`. */
export function bayesianRisk(mu: number, sigma: number): [number, number] {
  if (sigma > 0 && Math.abs(mu / sigma) > 37) return [Math.max(mu, 0), Math.max(-mu, 0)];
  const probCtrlBetter = normalCdf((0 - mu) / sigma);
  const mnNeg = truncatedNormalMean(mu, sigma, 'below-zero');
  const mnPos = truncatedNormalMean(mu, sigma, 'above-zero');
  return [(1 - probCtrlBetter) * mnPos, -(probCtrlBetter * mnNeg)];
}

/**
 * gbstats `EffectBayesianABTest` with its defaults (improper flat prior on the effect): the
 * posterior of the effect is N(estimate, se²); chance to win P(effect > 0) (P(effect < 0) for an
 * inverse metric), the equal-tailed 1 − α credible interval, and the risk pair (swapped for an
 * inverse metric, as gbstats does).
 */
export function effectBayesianTest(m: Moments, alpha: number, inverse: boolean): BayesianResult {
  const postPrec = 1 / m.standardError ** 2;
  const mean = m.estimate;
  const sd = Math.sqrt(1 / postPrec);
  const sf = normalSf((0 - mean) / sd);
  const chanceToWin = inverse ? 1 - sf : sf;
  const risk = bayesianRisk(mean, sd);
  return {
    estimate: mean,
    ci: [mean + sd * normalPpf(alpha / 2), mean + sd * normalPpf(1 - alpha / 2)],
    chanceToWin,
    risk: inverse ? [risk[1], risk[0]] : risk,
    standardError: m.standardError,
  };
}
