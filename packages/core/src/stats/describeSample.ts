import { InvalidInputError } from '../errors/index.js';
import { sortedPercentile } from './sortedPercentile.js';

/** A sample's size, mean and percentiles (null for an empty sample). */
export interface SampleDescription {
  n: number;
  mean: number | null;
  /** One per asked percentile, in the order asked. */
  percentiles: (number | null)[];
}

function fail(path: (string | number)[], message: string): never {
  throw new InvalidInputError(message, [{ path, message }]);
}

/**
 * Size, mean and percentiles of a sample, as NumPy computes them: `np.mean(values)` and
 * `np.percentile(values, q)` with the default `method='linear'` (rank h = (n − 1)·q/100, linear
 * interpolation between the order statistics around it). An empty sample has n = 0 and null
 * mean and percentiles: a report of nothing yet, not an error. Used for latency percentiles (the
 * shadow report) and anything else that summarises measured values.
 *
 * Reference: NumPy 1.24 `numpy.mean`, `numpy.percentile` (scripts/reference/describe_sample.py).
 *
 * @example describeSample([4, 1, 3, 2], [50, 90]) // → { n: 4, mean: 2.5, percentiles: [2.5, 3.7] }
 * @throws InvalidInputError when a value is not a finite number or a percentile is outside 0–100.
 */
export function describeSample(
  values: readonly number[],
  percentiles: readonly number[] = [50, 90, 99],
): SampleDescription {
  percentiles.forEach((q, i) => {
    if (!(typeof q === 'number' && q >= 0 && q <= 100))
      fail(['percentiles', i], `percentiles[${i}] is ${q}; expected a number from 0 to 100`);
  });
  if (values.length === 0) return { n: 0, mean: null, percentiles: percentiles.map(() => null) };
  const sorted = new Float64Array(values.length);
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i];
    if (!(typeof v === 'number' && Number.isFinite(v)))
      fail(['values', i], `values[${i}] is ${v}; expected a finite number`);
    sorted[i] = v;
    sum += v;
  }
  sorted.sort();
  return {
    n: sorted.length,
    mean: sum / sorted.length,
    percentiles: percentiles.map((q) => sortedPercentile(sorted, q)),
  };
}
