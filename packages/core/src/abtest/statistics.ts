/**
 * The sufficient statistics of one variant for one metric, as gbstats models them
 * (`gbstats/models/statistics.py` at github:growthbook/growthbook@8f1db445, gbstats 0.8.0):
 * their means, per-unit variances and covariances, and CUPED's θ. Internal to the analysis; every
 * formula keeps gbstats' conventions (a proportion's variance is p(1 − p), a mean's is the
 * sample variance with n − 1; an empty statistic has mean 0 and variance 0).
 */

export interface ProportionStat {
  type: 'proportion';
  n: number;
  sum: number;
}
export interface MeanStat {
  type: 'mean';
  n: number;
  sum: number;
  sumSquares: number;
}
export type BaseStat = ProportionStat | MeanStat;
export interface RatioStat {
  type: 'ratio';
  n: number;
  m: MeanStat;
  d: MeanStat;
  productSum: number;
}
/** CUPED: the post-period statistic adjusted by θ times the pre-period covariate. */
export interface AdjustedStat {
  type: 'adjusted';
  n: number;
  post: BaseStat;
  pre: BaseStat;
  productSum: number;
  theta: number | null;
}
/** CUPED for a ratio metric: gbstats `RegressionAdjustedRatioStatistic`. */
export interface AdjustedRatioStat {
  type: 'adjustedRatio';
  n: number;
  mPost: MeanStat;
  dPost: MeanStat;
  mPre: MeanStat;
  dPre: MeanStat;
  /** Σ m·m₀, Σ d·d₀, Σ m₀·d₀, Σ m·d, Σ m·d₀, Σ m₀·d. */
  mPostMPre: number;
  dPostDPre: number;
  mPreDPre: number;
  mPostDPost: number;
  mPostDPre: number;
  mPreDPost: number;
  theta: number | null;
}
export type Stat = BaseStat | RatioStat | AdjustedStat | AdjustedRatioStat;

function sumSquaresOf(s: BaseStat): number {
  return s.type === 'proportion' ? s.sum : s.sumSquares;
}

function baseMean(s: BaseStat): number {
  return s.n === 0 ? 0 : s.sum / s.n;
}

function baseVariance(s: BaseStat): number {
  if (s.type === 'proportion') {
    const p = baseMean(s);
    return p * (1 - p);
  }
  if (s.n <= 1) return 0;
  return (s.sumSquares - (s.sum * s.sum) / s.n) / (s.n - 1);
}

/** gbstats `compute_covariance`: two proportions use n in the denominator, anything else n − 1. */
export function covariance(n: number, a: BaseStat, b: BaseStat, productSum: number): number {
  if (n <= 1) return 0;
  if (a.type === 'proportion' && b.type === 'proportion')
    return productSum / n - (a.sum * b.sum) / n ** 2;
  return (productSum - (a.sum * b.sum) / n) / (n - 1);
}

/** gbstats `variance_of_ratios`: Var(M/D) by the delta method. */
export function varianceOfRatios(
  meanM: number,
  varM: number,
  meanD: number,
  varD: number,
  covMD: number,
): number {
  if (meanD === 0) return 0;
  return varM / meanD ** 2 + (varD * meanM ** 2) / meanD ** 4 - (2 * covMD * meanM) / meanD ** 3;
}

/** gbstats `Statistic.mean` (θ-adjusted for CUPED). */
export function statMean(s: Stat): number {
  switch (s.type) {
    case 'proportion':
    case 'mean':
      return baseMean(s);
    case 'ratio':
      return s.d.sum === 0 ? 0 : s.m.sum / s.d.sum;
    case 'adjusted':
      return baseMean(s.post) - (s.theta ? s.theta : 0) * baseMean(s.pre);
    case 'adjustedRatio':
      if (s.dPost.sum === 0 || s.dPre.sum === 0) return 0;
      return ratioMeanPost(s) - (s.theta ? s.theta : 0) * ratioMeanPre(s);
  }
}

function ratioMeanPost(s: AdjustedRatioStat): number {
  return s.dPost.sum === 0 ? 0 : s.mPost.sum / s.dPost.sum;
}
function ratioMeanPre(s: AdjustedRatioStat): number {
  return s.dPre.sum === 0 ? 0 : s.mPre.sum / s.dPre.sum;
}

/** gbstats `lambda_matrix`: per-unit covariance of (m, d, m₀, d₀). */
export function lambdaMatrix(s: AdjustedRatioStat): number[][] {
  const c = (a: MeanStat, b: MeanStat, sp: number) => covariance(s.n, a, b, sp);
  const mPostDPost = c(s.mPost, s.dPost, s.mPostDPost);
  const mPostMPre = c(s.mPost, s.mPre, s.mPostMPre);
  const mPostDPre = c(s.mPost, s.dPre, s.mPostDPre);
  const dPostMPre = c(s.dPost, s.mPre, s.mPreDPost);
  const dPostDPre = c(s.dPost, s.dPre, s.dPostDPre);
  const mPreDPre = c(s.mPre, s.dPre, s.mPreDPre);
  return [
    [baseVariance(s.mPost), mPostDPost, mPostMPre, mPostDPre],
    [mPostDPost, baseVariance(s.dPost), dPostMPre, dPostDPre],
    [mPostMPre, dPostMPre, baseVariance(s.mPre), mPreDPre],
    [mPostDPre, dPostDPre, mPreDPre, baseVariance(s.dPre)],
  ];
}

/** gbstats `nabla`: gradient of (m̄ − θ·m̄₀ ratio) in (m̄, d̄, m̄₀, d̄₀). */
export function ratioNabla(s: AdjustedRatioStat): number[] {
  const theta = s.theta ? s.theta : 0;
  const b0 = baseMean(s.mPost);
  const b1 = baseMean(s.dPost);
  const b2 = baseMean(s.mPre);
  const b3 = baseMean(s.dPre);
  if (b1 === 0 || b3 === 0) return [0, 0, 0, 0];
  return [1 / b1, -b0 / b1 ** 2, -theta / b3, (theta * b2) / b3 ** 2];
}

/** xᵀ·M[rows, cols]·y over index ranges (numpy's nabla[i:j].T.dot(Λ[i:j, k:l]).dot(nabla[k:l])). */
export function quadratic(
  x: number[],
  m: number[][],
  y: number[],
  rows: [number, number],
  cols: [number, number],
): number {
  let total = 0;
  for (let i = rows[0]; i < rows[1]; i++) {
    let inner = 0;
    for (let j = cols[0]; j < cols[1]; j++)
      inner += ((m[i] as number[])[j] as number) * (y[j] as number);
    total += (x[i] as number) * inner;
  }
  return total;
}

/** gbstats `unadjusted_mean`: the mean without CUPED's adjustment. */
export function statUnadjustedMean(s: Stat): number {
  if (s.type === 'adjusted') return baseMean(s.post);
  if (s.type === 'adjustedRatio') return ratioMeanPost(s);
  return statMean(s);
}

/** Per-unit covariance of CUPED's post and pre statistics. */
export function adjustedCovariance(s: AdjustedStat): number {
  return covariance(s.n, s.post, s.pre, s.productSum);
}

/** gbstats `Statistic.variance`: per-unit variance (θ-adjusted for CUPED, delta method for a ratio). */
export function statVariance(s: Stat): number {
  switch (s.type) {
    case 'proportion':
    case 'mean':
      return baseVariance(s);
    case 'ratio': {
      const meanD = baseMean(s.d);
      if (meanD === 0 || s.n <= 1) return 0;
      return varianceOfRatios(
        baseMean(s.m),
        baseVariance(s.m),
        meanD,
        baseVariance(s.d),
        covariance(s.n, s.m, s.d, s.productSum),
      );
    }
    case 'adjusted': {
      if (s.n <= 1) return 0;
      const theta = s.theta ? s.theta : 0;
      return (
        baseVariance(s.post) + theta ** 2 * baseVariance(s.pre) - 2 * theta * adjustedCovariance(s)
      );
    }
    case 'adjustedRatio': {
      const g = ratioNabla(s);
      return quadratic(g, lambdaMatrix(s), g, [0, 4], [0, 4]);
    }
  }
}

/** gbstats `compute_theta_regression_adjusted_ratio` (θ from the pair with the gradient at θ = 1). */
export function computeRatioTheta(a: AdjustedRatioStat, b: AdjustedRatioStat): number {
  const parts = (s: AdjustedRatioStat) => {
    const g = ratioNabla({ ...s, theta: 1 });
    const lambda = lambdaMatrix(s);
    return {
      varPre: quadratic(g, lambda, g, [2, 4], [2, 4]),
      cov: quadratic(g, lambda, g, [2, 4], [0, 2]),
    };
  };
  const pa = parts(a);
  const pb = parts(b);
  if (pa.varPre + pb.varPre === 0) return 0;
  return -(pa.cov + pb.cov) / (pa.varPre + pb.varPre);
}

export { baseMean, baseVariance };

function joint(a: BaseStat, b: BaseStat, n: number): BaseStat {
  if (a.type === 'proportion' && b.type === 'proportion')
    return { type: 'proportion', n, sum: a.sum + b.sum };
  return { type: 'mean', n, sum: a.sum + b.sum, sumSquares: sumSquaresOf(a) + sumSquaresOf(b) };
}

/**
 * gbstats `compute_theta`: θ = Cov(post, pre)/Var(pre) over control and treatment pooled (0 when
 * either pooled variance is 0).
 */
export function computeTheta(a: AdjustedStat, b: AdjustedStat): number {
  const n = a.n + b.n;
  const post = joint(a.post, b.post, n);
  const pre = joint(a.pre, b.pre, n);
  if (baseVariance(pre) === 0 || baseVariance(post) === 0) return 0;
  return covariance(n, post, pre, a.productSum + b.productSum) / baseVariance(pre);
}

/**
 * gbstats `create_theta_adjusted_statistics`: sets the pair's common θ, or falls back to the
 * unadjusted post-period statistics when θ is 0 (no variance to borrow from).
 */
export function thetaAdjusted(a: Stat, b: Stat): [Stat, Stat] {
  if (
    a.type === 'adjustedRatio' &&
    b.type === 'adjustedRatio' &&
    (a.theta === null || b.theta === null)
  ) {
    const theta = computeRatioTheta(a, b);
    if (Math.abs(theta) < 1e-8) {
      const unadjusted = (s: AdjustedRatioStat): RatioStat => ({
        type: 'ratio',
        n: s.n,
        m: s.mPost,
        d: s.dPost,
        productSum: s.mPostDPost,
      });
      return [unadjusted(a), unadjusted(b)];
    }
    return [
      { ...a, theta },
      { ...b, theta },
    ];
  }
  if (a.type === 'adjusted' && b.type === 'adjusted' && (a.theta === null || b.theta === null)) {
    const theta = computeTheta(a, b);
    if (theta === 0) return [a.post, b.post];
    return [
      { ...a, theta },
      { ...b, theta },
    ];
  }
  return [a, b];
}
