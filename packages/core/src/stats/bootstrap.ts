import { InvalidInputError } from '../errors/index.js';
import { SeededRandom } from './random.js';
import { sortedPercentile } from './sortedPercentile.js';

export interface BootstrapOptions {
  /** Number of resamples (SciPy's `n_resamples`). @default 1000 */
  nResamples?: number;
  /** Confidence level of the interval, in (0, 1) (SciPy's `confidence_level`). @default 0.95 */
  confidenceLevel?: number;
  /** Seed of the resampling stream (same seed, same interval). @default 0 */
  seed?: number;
  /** The numeric result field to bootstrap. @default 'value' */
  field?: string;
}

// A type alias, not an interface: metric results must be assignable to Record<string, unknown>.
export type BootstrapResult = {
  /** The statistic that was bootstrapped (the metric's name). */
  metric: string;
  /** The metric on the full input. */
  estimate: number;
  /** Percentile interval bounds. */
  low: number;
  high: number;
  confidenceLevel: number;
  nResamples: number;
  /** Resamples on which the metric is undefined (e.g. only one class drawn), left out. */
  skipped: number;
  seed: number;
  field: string;
  method: 'percentile';
};

function numericField(result: Record<string, unknown>, field: string, metric: string): number {
  const value = result[field];
  if (typeof value !== 'number') {
    const message = `${metric} has no numeric result field ${JSON.stringify(field)}; choose one of ${Object.keys(
      result,
    )
      .filter((k) => typeof result[k] === 'number')
      .join(', ')}`;
    throw new InvalidInputError(message, [{ path: ['field'], message }]);
  }
  return value;
}

/** A statistic of one sample: returns a result record, or throws `InvalidInputError` when undefined. */
export type BootstrapStatistic = (sample: Record<string, unknown>) => Record<string, unknown>;

/**
 * Seeded percentile-bootstrap confidence interval for any statistic: the samples (the entries of
 * every top-level array of `input`, which must all have the same length — yTrue and yPred, or
 * rankings and relevant, …) are drawn with replacement `nResamples` times, `statistic` is
 * recomputed on each resample, and the interval is read from the percentiles of the chosen result
 * field (NumPy's linear `percentile`). Resamples on which the statistic throws
 * `InvalidInputError` (it is undefined there) are counted in `skipped`.
 *
 * The metric layer passes a registered metric down as the callback (`bootstrapMetric` in
 * `@assay/core/metrics`, and the registered metric `bootstrap`): this module knows no metric.
 *
 * @param label - names the statistic in messages and in the result's `metric` field.
 * @example bootstrap('mean', { x }, ({ x }) => ({ value: mean(x as number[]) }), { seed: 1 })
 * @throws InvalidInputError when the statistic is undefined on the full input (the message is
 * prefixed with `label`), the input has no per-sample arrays or arrays of different lengths, the
 * field is not numeric, the options are out of range, or every resample is undefined.
 */
export function bootstrap(
  label: string,
  input: unknown,
  statistic: BootstrapStatistic,
  options: BootstrapOptions = {},
): BootstrapResult {
  const { nResamples = 1000, confidenceLevel = 0.95, seed = 0, field = 'value' } = options;
  const fail = (path: string | string[], message: string): never => {
    throw new InvalidInputError(message, [
      { path: typeof path === 'string' ? [path] : path, message },
    ]);
  };
  if (!(Number.isInteger(nResamples) && nResamples >= 1))
    fail('nResamples', `nResamples is ${nResamples}; expected an integer ≥ 1`);
  if (!(confidenceLevel > 0 && confidenceLevel < 1))
    fail('confidenceLevel', `confidenceLevel is ${confidenceLevel}; expected a number in (0, 1)`);
  if (!Number.isInteger(seed)) fail('seed', `seed is ${seed}; expected an integer`);
  let full: Record<string, unknown>;
  try {
    full = statistic(input as Record<string, unknown>);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    // The issues already start with `input`/`params` (of the inner metric); name the metric.
    throw new InvalidInputError(`${label}: ${error.message}`, error.issues);
  }
  const name = label;
  const estimate = numericField(full, field, name);
  const record = input as Record<string, unknown>;
  const arrays = Object.entries(record).filter(([, v]) => Array.isArray(v)) as [
    string,
    unknown[],
  ][];
  if (arrays.length === 0)
    fail('input', `the input of ${name} has no per-sample arrays to resample`);
  const n = (arrays[0] as [string, unknown[]])[1].length;
  for (const [key, values] of arrays) {
    if (values.length !== n) {
      fail(
        ['input', key],
        `bootstrap resamples samples: every array of the input needs one entry per sample, but ${(arrays[0] as [string, unknown[]])[0]} has ${n} and ${key} has ${values.length}`,
      );
    }
  }
  const random = new SeededRandom(seed);
  const stats: number[] = [];
  let skipped = 0;
  const indices = new Uint32Array(n);
  for (let b = 0; b < nResamples; b++) {
    for (let i = 0; i < n; i++) indices[i] = random.nextIndex(n);
    const resampled: Record<string, unknown> = { ...record };
    // A plain loop: Array.from with a mapping function costs ~20× more on large inputs.
    for (const [key, values] of arrays) {
      const picked = new Array<unknown>(n);
      for (let i = 0; i < n; i++) picked[i] = values[indices[i] as number];
      resampled[key] = picked;
    }
    try {
      stats.push(numericField(statistic(resampled), field, name));
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      skipped++;
    }
  }
  if (stats.length === 0)
    fail('input', `${name} is undefined on every resample; no interval can be formed`);
  const sorted = Float64Array.from(stats).sort();
  return {
    metric: name,
    estimate,
    low: sortedPercentile(sorted, ((1 - confidenceLevel) / 2) * 100),
    high: sortedPercentile(sorted, ((1 + confidenceLevel) / 2) * 100),
    confidenceLevel,
    nResamples,
    skipped,
    seed,
    field,
    method: 'percentile',
  };
}
