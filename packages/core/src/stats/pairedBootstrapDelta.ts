import { InvalidInputError } from '../errors/index.js';
import { SeededRandom } from './random.js';
import { sortedPercentile } from './sortedPercentile.js';

export interface PairedBootstrapOptions {
  /** Number of resamples. @default 1000 */
  nResamples?: number;
  /** Confidence level of the interval, in (0, 1). @default 0.95 */
  confidenceLevel?: number;
  /** Seed of the resampling stream (Assay's {@link SeededRandom}, as `bootstrap`). @default 0 */
  seed?: number;
  /**
   * Explicit resamples: each an array of n row indices in [0, n). Replaces the seeded draws (and
   * `nResamples` becomes their count), so that a reference run with the same indices (e.g. a loop
   * over scikit-learn) must give the same interval.
   */
  indices?: readonly ArrayLike<number>[];
}

// A type alias, not an interface: metric results must be assignable to Record<string, unknown>.
export type PairedBootstrapResult = {
  /** The statistic of system A on all rows. */
  estimateA: number;
  /** The statistic of system B on all rows. */
  estimateB: number;
  /** estimateA − estimateB. */
  delta: number;
  /** Percentile interval of the resampled deltas (NumPy's linear `percentile`). */
  low: number;
  high: number;
  confidenceLevel: number;
  nResamples: number;
  /** Resamples on which either statistic is undefined (e.g. one class drawn), left out. */
  skipped: number;
  /** The seed, or null when explicit indices were given. */
  seed: number | null;
  /**
   * Two-sided bootstrap p-value of H0: delta = 0, 2·min(share of deltas ≤ 0, share ≥ 0), capped
   * at 1: the smallest α at which the percentile interval at level 1 − α excludes 0.
   */
  pValue: number;
  method: 'paired-percentile';
};

/**
 * A statistic of one system on the rows `indices` (a resample: duplicates allowed). Throws
 * `InvalidInputError` where it is undefined; the resample is then skipped.
 */
export type IndexedStatistic = (indices: Uint32Array) => number;

function fail(path: string, message: string): never {
  throw new InvalidInputError(message, [{ path: [path], message }]);
}

/** Checks the options and returns a function that fills resample b's indices (seeded or given). */
export function pairedResampler(
  n: number,
  options: PairedBootstrapOptions,
): {
  nResamples: number;
  confidenceLevel: number;
  seed: number | null;
  fill: (b: number, out: Uint32Array) => void;
} {
  const { confidenceLevel = 0.95, seed = 0, indices } = options;
  if (!(Number.isInteger(n) && n >= 1)) fail('n', `n is ${n}; expected a positive integer`);
  if (!(confidenceLevel > 0 && confidenceLevel < 1))
    fail('confidenceLevel', `confidenceLevel is ${confidenceLevel}; expected a number in (0, 1)`);
  if (indices !== undefined) {
    if (indices.length === 0) fail('indices', 'indices is empty; give at least one resample');
    indices.forEach((row, b) => {
      if (row.length !== n)
        fail('indices', `indices[${b}] has ${row.length} entries; each resample needs n = ${n}`);
      // A Uint32Array holds integers ≥ 0 already: only the upper bound is left to check.
      const typed = row instanceof Uint32Array;
      for (let i = 0; i < n; i++) {
        const v = row[i] as number;
        if (!(typed ? v < n : Number.isInteger(v) && v >= 0 && v < n))
          fail('indices', `indices[${b}][${i}] is ${v}; expected an integer in [0, ${n})`);
      }
    });
    return {
      nResamples: indices.length,
      confidenceLevel,
      seed: null,
      fill: (b, out) => {
        const row = indices[b] as ArrayLike<number>;
        for (let i = 0; i < n; i++) out[i] = row[i] as number;
      },
    };
  }
  const { nResamples = 1000 } = options;
  if (!(Number.isInteger(nResamples) && nResamples >= 1))
    fail('nResamples', `nResamples is ${nResamples}; expected an integer ≥ 1`);
  if (!Number.isInteger(seed)) fail('seed', `seed is ${seed}; expected an integer`);
  const random = new SeededRandom(seed);
  // Drawn in order b = 0, 1, …: the same stream and the same indices as `bootstrap` for a seed.
  return {
    nResamples,
    confidenceLevel,
    seed,
    fill: (_b, out) => random.fillIndices(out.length === n ? out : out.subarray(0, n), n),
  };
}

/** The interval and p-value from the resampled deltas (NaN = undefined resample). */
export function summarizeDeltas(
  deltas: Float64Array,
  estimateA: number,
  estimateB: number,
  confidenceLevel: number,
  seed: number | null,
): PairedBootstrapResult {
  const valid = deltas.filter((d) => !Number.isNaN(d)).sort();
  if (valid.length === 0)
    fail('input', 'the statistic is undefined on every resample; no interval');
  let atMost = 0;
  let atLeast = 0;
  for (const d of valid) {
    if (d <= 0) atMost++;
    if (d >= 0) atLeast++;
  }
  return {
    estimateA,
    estimateB,
    delta: estimateA - estimateB,
    low: sortedPercentile(valid, ((1 - confidenceLevel) / 2) * 100),
    high: sortedPercentile(valid, ((1 + confidenceLevel) / 2) * 100),
    confidenceLevel,
    nResamples: deltas.length,
    skipped: deltas.length - valid.length,
    seed,
    pValue: Math.min(1, (2 * Math.min(atMost, atLeast)) / valid.length),
    method: 'paired-percentile',
  };
}

/**
 * Paired percentile bootstrap of statisticA − statisticB: both systems are scored on the SAME
 * resampled rows in every resample (drawn with replacement from the n rows), so the interval
 * reflects the difference on shared rows, not two independent intervals. The interval is the
 * NumPy linear percentile of the deltas; resamples where either statistic is undefined are
 * skipped. With explicit `indices`, any reference loop over the same indices (scikit-learn's
 * metric on `y[idx]`) gives the same interval: the test checks it.
 *
 * Reference: the paired bootstrap of Koehn (2004) and Efron & Tibshirani (1993, §16); the draws
 * are those of this package's `bootstrap` for the same seed.
 *
 * @example pairedBootstrapDelta(n, (idx) => accuracyOn(a, idx), (idx) => accuracyOn(b, idx), { seed: 1 })
 * @throws InvalidInputError when a statistic is undefined on all rows, the options are out of
 * range, or every resample is undefined.
 */
export function pairedBootstrapDelta(
  n: number,
  statisticA: IndexedStatistic,
  statisticB: IndexedStatistic,
  options: PairedBootstrapOptions = {},
): PairedBootstrapResult {
  const { nResamples, confidenceLevel, seed, fill } = pairedResampler(n, options);
  const all = new Uint32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  const estimateA = statisticA(all);
  const estimateB = statisticB(all);
  const deltas = new Float64Array(nResamples);
  const rows = new Uint32Array(n);
  for (let b = 0; b < nResamples; b++) {
    fill(b, rows);
    try {
      deltas[b] = statisticA(rows) - statisticB(rows);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      deltas[b] = Number.NaN;
    }
  }
  return summarizeDeltas(deltas, estimateA, estimateB, confidenceLevel, seed);
}
