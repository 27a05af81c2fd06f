/**
 * NumPy `percentile(a, q)` with the default linear interpolation (rank h = (n − 1)·q/100), on
 * values already sorted ascending; q from 0 to 100, at least one value (callers check both).
 *
 * Reference: NumPy 1.24 `numpy.percentile(a, q, method='linear')`.
 */
export function sortedPercentile(sorted: ArrayLike<number>, q: number): number {
  const index = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(index);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const t = index - lo;
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * t;
}
