import betainc from '@stdlib/math-base-special-betainc';
import gammaln from '@stdlib/math-base-special-gammaln';

/** P(X = k) for X ~ Binomial(n, p), in log space. */
export function binomialPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  const logChoose = gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1);
  return Math.exp(logChoose + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/** P(X ≤ k) = I_{1−p}(n − k, k + 1) (SciPy `bdtr`). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  return betainc(p, k + 1, n - k, true, true);
}

/** P(X > k) = I_p(k + 1, n − k) (SciPy `bdtrc`). */
export function binomialSf(k: number, n: number, p: number): number {
  if (k < 0) return 1;
  if (k >= n) return 0;
  return betainc(p, k + 1, n - k, true, false);
}
