import betaln from '@stdlib/math-base-special-betaln';
import { z } from 'zod';
import { InvalidInputError } from '../errors/index.js';
import { assertFiniteNumbers, assertNonEmpty } from '../guards/index.js';
import { kolmogorovSmirnovSf } from './distributions/kolmogorovSmirnov.js';
import { checkChoice } from './schemas.js';
import type { TTestAlternative } from './welchTTest.js';

export type KsMethod = 'auto' | 'exact' | 'asymp';

export interface Ks2SampleOptions {
  /**
   * `two-sided`: the CDFs differ; `less`: the CDF of a lies below that of b somewhere (statistic
   * max(F_b − F_a)); `greater`: above (max(F_a − F_b)). @default 'two-sided'
   */
  alternative?: TTestAlternative;
  /** `auto`: exact when max(nₐ, n_b) ≤ 10000, else asymptotic. @default 'auto' */
  method?: KsMethod;
}

export const ZKsResultSchema = z.object({
  statistic: z.number(),
  pValue: z.number(),
  method: z.enum(['exact', 'asymp']),
});
export type TKsResult = z.infer<typeof ZKsResultSchema>;

const MAX_AUTO_N = 10000;

/** SciPy's `special.binom` for integer arguments (product for k < 20, else through the beta function). */
function binom(n: number, k0: number): number {
  if (k0 < 0 || k0 > n) return 0;
  let k = k0;
  if (k > n / 2 && n > 0) k = n - k;
  if (k < 20) {
    let num = 1;
    let den = 1;
    for (let i = 1; i <= k; i++) {
      num *= i + n - k;
      den *= i;
      if (Math.abs(num) > 1e50) {
        num /= den;
        den = 1;
      }
    }
    return num / den;
  }
  return 1 / (n + 1) / Math.exp(betaln(1 + n - k, 1 + k));
}

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** SciPy `_compute_prob_outside_square`: P(D_{n,n} ≥ h/n), Horner-like to avoid cancellation. */
function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    p = p1 * (1 - p);
  }
  return 2 * p;
}

/** SciPy `_compute_outer_prob_inside_method`: proportion of lattice paths leaving the band. */
function outerProbInside(m0: number, n0: number, g: number, h: number): number {
  const [m, n] = m0 >= n0 ? [m0, n0] : [n0, m0];
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const a = new Float64Array(lenA).fill(1);
  a.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = ((a[jj + minj - lastminj] as number) * i + val * j) / (i + j);
      a[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) a.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return a[maxj - minj - 1] as number;
}

/** SciPy `_count_paths_outside_method`: number of paths crossing one diagonal. */
function countPathsOutside(m0: number, n0: number, g: number, h: number): number {
  const [m, n] = m0 >= n0 ? [m0, n0] : [n0, m0];
  const mg = Math.floor(m / g);
  const ng = Math.floor(n / g);
  const lxj = n + Math.floor((mg - h) / mg);
  if (lxj === 0) return binom(m + n, n);
  const xj = Array.from({ length: lxj }, (_, j) => Math.floor((h + mg * j + ng - 1) / ng));
  const b = new Float64Array(lxj);
  b[0] = 1;
  for (let j = 1; j < lxj; j++) {
    let bj = binom((xj[j] as number) + j, j);
    for (let i = 0; i < j; i++) {
      bj -= binom((xj[j] as number) - (xj[i] as number) + j - i, j - i) * (b[i] as number);
    }
    b[j] = bj;
  }
  let paths = 0;
  for (let j = 0; j < lxj; j++)
    paths += (b[j] as number) * binom(m - (xj[j] as number) + (n - j), n - j);
  return paths;
}

/** SciPy `_attempt_exact_2kssamp`: [success, statistic, probability]. */
function attemptExact(
  n1: number,
  n2: number,
  g: number,
  d0: number,
  alternative: TTestAlternative,
): [boolean, number, number] {
  const lcm = (n1 / g) * n2;
  const h = Math.round(d0 * lcm);
  const d = h / lcm;
  if (h === 0) return [true, d, 1];
  let prob: number;
  if (alternative === 'two-sided') {
    prob = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h);
  } else if (n1 === n2) {
    prob = 1;
    for (let j = 0; j < h; j++) prob *= (n1 - j) / (n1 + j + 1);
  } else {
    const paths = countPathsOutside(n1, n2, g, h);
    const total = binom(n1 + n2, n1);
    if (!Number.isFinite(paths) || !Number.isFinite(total) || paths > total)
      return [false, d, Number.NaN];
    prob = paths / total;
  }
  if (!(prob >= 0 && prob <= 1)) return [false, d, prob];
  return [true, d, prob];
}

/**
 * Two-sample Kolmogorov–Smirnov test: do two samples come from the same distribution? (selection
 * bias / drift between training and production data).
 *
 * Reference: SciPy 1.10.1 `ks_2samp(a, b, alternative, method)`, with its exact algorithms (lattice
 * path counting; the statistic is then rounded to a multiple of 1/lcm(nₐ, n_b) as SciPy does) and,
 * for one-sided asymptotic p-values, Hodges' approximation; the two-sided asymptotic p-value
 * (above 10 000 observations in a sample, or when asked) is SciPy's `kstwo.sf(d, round(en))`, en =
 * nₐn_b/(nₐ + n_b) ({@link kolmogorovSmirnovSf}): large samples are answered, never refused.
 * Cases: `__tests__/reference/ks_2samp.json`, from `scripts/reference/ks_2samp.py`.
 *
 * @throws InvalidInputError when a sample is empty or not finite, or (asymptotic, two-sided) when
 * nₐn_b/(nₐ + n_b) rounds to 0.
 */
export function ks2Sample(
  a: readonly number[],
  b: readonly number[],
  options: Ks2SampleOptions = {},
): TKsResult {
  const { alternative = 'two-sided', method = 'auto' } = options;
  checkChoice('alternative', alternative, ['two-sided', 'less', 'greater']);
  checkChoice('method', method, ['auto', 'exact', 'asymp']);
  assertNonEmpty('a', a);
  assertNonEmpty('b', b);
  assertFiniteNumbers('a', a);
  assertFiniteNumbers('b', b);
  const data1 = Float64Array.from(a).sort();
  const data2 = Float64Array.from(b).sort();
  const n1 = data1.length;
  const n2 = data2.length;
  // ECDF differences at every observation (searchsorted side='right').
  const countAtMost = (data: Float64Array, x: number) => {
    let lo = 0;
    let hi = data.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((data[mid] as number) <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let minDiff = Number.POSITIVE_INFINITY;
  let maxDiff = Number.NEGATIVE_INFINITY;
  for (const x of [...data1, ...data2]) {
    const diff = countAtMost(data1, x) / n1 - countAtMost(data2, x) / n2;
    if (diff < minDiff) minDiff = diff;
    if (diff > maxDiff) maxDiff = diff;
  }
  const minS = Math.min(Math.max(-minDiff, 0), 1);
  const maxS = maxDiff;
  let d = alternative === 'less' || (alternative === 'two-sided' && minS > maxS) ? minS : maxS;
  const g = gcd(n1, n2);
  let mode: 'exact' | 'asymp' =
    method === 'auto' ? (Math.max(n1, n2) <= MAX_AUTO_N ? 'exact' : 'asymp') : method;
  if (mode === 'exact' && n1 / g >= 2147483647 / (n2 / g)) mode = 'asymp';
  let prob = Number.NaN;
  if (mode === 'exact') {
    const [ok, dExact, p] = attemptExact(n1, n2, g, d, alternative);
    d = dExact;
    if (ok) prob = p;
    else mode = 'asymp';
  }
  if (mode === 'asymp') {
    const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
    const en = (m * n) / (m + n);
    if (alternative === 'two-sided') {
      // SciPy: kstwo.sf(d, round(en)), NumPy's round (half to even).
      const rounded = Math.round(en);
      const nEff =
        Math.abs(en - Math.trunc(en)) === 0.5 && rounded % 2 === 1 ? rounded - 1 : rounded;
      if (nEff < 1) {
        const message =
          'the asymptotic two-sided p-value needs an effective sample size nₐn_b/(nₐ + n_b) of at least 1; use method exact';
        throw new InvalidInputError(message, [{ path: ['method'], message }]);
      }
      return { statistic: d, pValue: kolmogorovSmirnovSf(nEff, d), method: mode };
    }
    const zz = Math.sqrt(en) * d;
    const expt = -2 * zz ** 2 - (2 * zz * (m + 2 * n)) / Math.sqrt(m * n * (m + n)) / 3;
    prob = Math.exp(expt);
  }
  return { statistic: d, pValue: Math.min(Math.max(prob, 0), 1), method: mode };
}
