import erfc from '@stdlib/math-base-special-erfc';
import erfcinv from '@stdlib/math-base-special-erfcinv';

/**
 * Standard normal distribution (through stdlib's erfc/erfcinv, accurate to a few ulps in the
 * tails, like SciPy's `ndtr`/`ndtri`).
 */

/** Φ(z) = P(Z ≤ z). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Φ̄(z) = P(Z > z), computed directly (no 1 − Φ cancellation). */
export function normalSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** The z with P(Z > z) = q (SciPy `norm.isf`). */
export function normalIsf(q: number): number {
  return Math.SQRT2 * erfcinv(2 * q);
}

/** The z with P(Z ≤ z) = p (SciPy `norm.ppf`). */
export function normalPpf(p: number): number {
  return -Math.SQRT2 * erfcinv(2 * p);
}
