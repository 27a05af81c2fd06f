import betaincinv from '@stdlib/math-base-special-betaincinv';
import gammaln from '@stdlib/math-base-special-gammaln';
import { normalPpf } from './normal.js';
import { studentTCdf } from './studentT.js';

/**
 * The t with P(T ≤ t) = p for Student's t with `df` (real, > 0) degrees of freedom (SciPy
 * `t.ppf`, `stdtrit`). Up to df = 10⁴ the tail ½·I_{df/(df+t²)}(df/2, ½) = min(p, 1 − p) is inverted
 * with the incomplete-beta inverse and polished by Newton steps on {@link studentTCdf}; beyond,
 * where the incomplete beta of huge parameters loses digits, the Cornish–Fisher expansion to
 * ν⁻⁴ (Abramowitz & Stegun 26.7.5; the next term is below 1e-20 there) — which agrees with SciPy
 * to 1 ulp for df ≥ 100. (SciPy's cdflib search is itself ~1e-11 off at small df, e.g. df = 10.)
 */
export function studentTPpf(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return Number.NaN;
  if (p === 0.5) return 0;
  if (df > 1e4) return cornishFisher(normalPpf(p), df);
  const q = p < 0.5 ? p : 1 - p;
  const x = betaincinv(2 * q, df / 2, 0.5);
  let t = -Math.sqrt((df * (1 - x)) / x);
  if (!Number.isFinite(t)) t = normalPpf(q);
  // Newton on the lower tail: f(t) = cdf(t) − q, f'(t) = the t density.
  const logNorm = gammaln((df + 1) / 2) - gammaln(df / 2) - 0.5 * Math.log(df * Math.PI);
  for (let i = 0; i < 3; i++) {
    const density = Math.exp(logNorm - ((df + 1) / 2) * Math.log1p((t * t) / df));
    const step = (studentTCdf(t, df) - q) / density;
    if (!Number.isFinite(step)) break;
    t -= step;
    if (Math.abs(step) <= 1e-15 * Math.abs(t)) break;
  }
  return p < 0.5 ? t : -t;
}

/** Abramowitz & Stegun 26.7.5: t ≈ x + g₁/ν + g₂/ν² + g₃/ν³ + g₄/ν⁴ around the normal quantile x. */
function cornishFisher(x: number, v: number): number {
  const x2 = x * x;
  const g1 = (x2 * x + x) / 4;
  const g2 = (((5 * x2 + 16) * x2 + 3) * x) / 96;
  const g3 = ((((3 * x2 + 19) * x2 + 17) * x2 - 15) * x) / 384;
  const g4 = (((((79 * x2 + 776) * x2 + 1482) * x2 - 1920) * x2 - 945) * x) / 92160;
  return x + g1 / v + g2 / v ** 2 + g3 / v ** 3 + g4 / v ** 4;
}
