import gammainc from '@stdlib/math-base-special-gammainc';

/** P(X > x) for a chi-square variable with `df` degrees of freedom (SciPy `chdtrc`): Q(df/2, x/2). */
export function chiSquareSf(x: number, df: number): number {
  if (x <= 0) return 1;
  return gammainc(x / 2, df / 2, true, true);
}
