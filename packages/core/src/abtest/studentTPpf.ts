import betaincinv from '@stdlib/math-base-special-betaincinv';
import gammaln from '@stdlib/math-base-special-gammaln';
import { normalPpf, studentTCdf } from '../stats/distributions/index.js';

/**
 * The t with P(T ≤ t) = p for Student's t with `df` (real, > 0) degrees of freedom (SciPy
 * `t.ppf`, `stdtrit`). The tail ½·I_{df/(df+t²)}(df/2, ½) = min(p, 1 − p) is inverted with the
 * incomplete-beta inverse, then polished by Newton steps on {@link studentTCdf} so that the
 * result round-trips through the CDF the tests use. Beyond df = 1e12 the normal quantile is
 * exact to double precision.
 */
export function studentTPpf(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return Number.NaN;
  if (p === 0.5) return 0;
  if (df > 1e12) return normalPpf(p);
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
