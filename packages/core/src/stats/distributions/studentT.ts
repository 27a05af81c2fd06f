import betainc from '@stdlib/math-base-special-betainc';

/**
 * P(T ≤ t) for Student's t with `df` (real, > 0) degrees of freedom, as SciPy's `stdtr`: the tail
 * ½·I_{df/(df+t²)}(df/2, ½) is computed directly on the side it is small.
 */
export function studentTCdf(t: number, df: number): number {
  if (t === 0) return 0.5;
  const tail = 0.5 * betainc(df / (df + t * t), df / 2, 0.5);
  return t < 0 ? tail : 1 - tail;
}

/** P(T > t). */
export function studentTSf(t: number, df: number): number {
  return studentTCdf(-t, df);
}
