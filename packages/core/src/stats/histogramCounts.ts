import { InvalidInputError } from '../errors/index.js';

function fail(path: (string | number)[], message: string): never {
  throw new InvalidInputError(message, [{ path, message }]);
}

/**
 * Counts of values per bin, for bins that start at each edge: bin i holds the values in
 * [edges[i], edges[i + 1]); the first bin also takes the values below edges[1] (below edges[0]
 * too: nothing is dropped) and the last bin is open-ended ([edges[k − 1], ∞)). So the counts add
 * up to the number of values, one count per edge — a latency histogram whose last bar is
 * "this slow or slower". In NumPy terms: `np.bincount(np.clip(np.searchsorted(edges, values,
 * side='right') - 1, 0, k - 1), minlength=k)`.
 *
 * Reference: NumPy 1.24 (scripts/reference/describe_sample.py).
 *
 * @example histogramCounts([0.5, 1, 7, 300], [0, 1, 5, 100]) // → [1, 1, 1, 1]
 * @throws InvalidInputError when there is no edge, the edges do not increase strictly, or a
 * value is not a number (NaN included).
 */
export function histogramCounts(values: readonly number[], edges: readonly number[]): number[] {
  if (edges.length === 0) fail(['edges'], 'edges must hold at least one number');
  edges.forEach((e, i) => {
    if (!(typeof e === 'number' && Number.isFinite(e)))
      fail(['edges', i], `edges[${i}] is ${e}; expected a finite number`);
    if (i > 0 && !(e > (edges[i - 1] as number)))
      fail(['edges', i], `edges[${i}] is ${e}; edges must increase strictly`);
  });
  const counts = new Array<number>(edges.length).fill(0);
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i];
    if (!(typeof v === 'number' && !Number.isNaN(v)))
      fail(['values', i], `values[${i}] is ${v}; expected a number`);
    // The last edge ≤ v (binary search), or the first bin for values below edges[1].
    let lo = 0;
    let hi = edges.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((edges[mid] as number) <= v) lo = mid;
      else hi = mid - 1;
    }
    counts[lo] = (counts[lo] as number) + 1;
  }
  return counts;
}
