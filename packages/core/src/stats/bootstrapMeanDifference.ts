import { z } from 'zod';
import { InvalidInputError } from '../errors/index.js';
import { assertFiniteNumbers, assertNonEmpty } from '../guards/index.js';
import { numpyMean } from './pairedTextSystems.js';
import { NumpyPcg64 } from './random/pcg64.js';
import { sortedPercentile } from './sortedPercentile.js';

export interface BootstrapMeanDifferenceOptions {
  /** Number of resamples (SciPy's `n_resamples`). @default 1000 */
  nResamples?: number;
  /** Confidence level of the two-sided interval, in (0, 1). @default 0.95 */
  confidenceLevel?: number;
  /** Seed of NumPy's `default_rng` (an integer ≥ 0). @default 0 */
  seed?: number;
}

export const ZBootstrapMeanDifferenceResultSchema = z.object({
  estimate: z.number().describe('mean(a) − mean(b) on the full samples'),
  low: z.number(),
  high: z.number(),
  confidenceLevel: z.number(),
  nResamples: z.number().int(),
  seed: z.number().int(),
  method: z.literal('percentile'),
});
export type TBootstrapMeanDifferenceResult = z.infer<typeof ZBootstrapMeanDifferenceResultSchema>;

/** Resamples × observations above which the draws (BigInt PCG64, ~10⁶ a second) take too long. */
export const MAX_BOOTSTRAP_DRAWS = 20_000_000;

/**
 * Percentile bootstrap interval of the difference of means of two independent samples: each
 * resample draws `a` and `b` with replacement separately, and the interval is read from the
 * percentiles of mean(a*) − mean(b*) (linear interpolation).
 *
 * Reference: SciPy 1.10.1 `scipy.stats.bootstrap((a, b), lambda x, y, axis: np.mean(x, axis) −
 * np.mean(y, axis), paired=False, vectorized=True, method='percentile', n_resamples,
 * confidence_level, random_state=np.random.default_rng(seed))`, reproduced draw for draw: SciPy draws all
 * of a's resample indices (`rng.integers(0, nA, (nResamples, nA))`), then all of b's, from one
 * generator (NumPy's PCG64, ported in `stats/random/`), means with NumPy's pairwise summation, and
 * `np.percentile` (linear) at (1 ∓ level)/2.
 *
 * @example bootstrapMeanDifference([3, 4, 5], [1, 2, 2], { seed: 1 }).low
 * @throws InvalidInputError when a sample is empty or not finite, an option is out of range, or
 * nResamples × (nA + nB) exceeds {@link MAX_BOOTSTRAP_DRAWS}.
 */
export function bootstrapMeanDifference(
  a: readonly number[],
  b: readonly number[],
  options: BootstrapMeanDifferenceOptions = {},
): TBootstrapMeanDifferenceResult {
  const { nResamples = 1000, confidenceLevel = 0.95, seed = 0 } = options;
  const fail = (path: string, message: string): never => {
    throw new InvalidInputError(message, [{ path: [path], message }]);
  };
  assertNonEmpty('a', a);
  assertNonEmpty('b', b);
  assertFiniteNumbers('a', a);
  assertFiniteNumbers('b', b);
  if (!(Number.isInteger(nResamples) && nResamples >= 1))
    fail('nResamples', `nResamples is ${nResamples}; expected an integer ≥ 1`);
  if (!(confidenceLevel > 0 && confidenceLevel < 1))
    fail('confidenceLevel', `confidenceLevel is ${confidenceLevel}; expected a number in (0, 1)`);
  if (!(Number.isSafeInteger(seed) && seed >= 0))
    fail('seed', `seed is ${seed}; expected an integer ≥ 0`);
  const draws = nResamples * (a.length + b.length);
  if (draws > MAX_BOOTSTRAP_DRAWS)
    fail(
      'nResamples',
      `nResamples × (nA + nB) is ${draws}; at most ${MAX_BOOTSTRAP_DRAWS} draws are allowed (lower nResamples)`,
    );
  const rng = new NumpyPcg64(seed);
  const meansOf = (sample: readonly number[]): Float64Array => {
    const n = sample.length;
    const indices = rng.integers(n, nResamples * n);
    const row = new Float64Array(n);
    const means = new Float64Array(nResamples);
    for (let r = 0; r < nResamples; r++) {
      for (let i = 0; i < n; i++) row[i] = sample[indices[r * n + i] as number] as number;
      means[r] = numpyMean(row);
    }
    return means;
  };
  const meansA = meansOf(a);
  const meansB = meansOf(b);
  const diffs = new Float64Array(nResamples);
  for (let r = 0; r < nResamples; r++) diffs[r] = (meansA[r] as number) - (meansB[r] as number);
  diffs.sort();
  const alpha = (1 - confidenceLevel) / 2;
  return {
    estimate: numpyMean(Float64Array.from(a)) - numpyMean(Float64Array.from(b)),
    low: sortedPercentile(diffs, alpha * 100),
    high: sortedPercentile(diffs, (1 - alpha) * 100),
    confidenceLevel,
    nResamples,
    seed,
    method: 'percentile',
  };
}
