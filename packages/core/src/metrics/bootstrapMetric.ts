import type { BootstrapOptions, BootstrapResult } from '../stats/bootstrap.js';
import { bootstrapWith } from './bootstrapDefinition.js';
import { computeMetric, getMetric } from './computeMetric.js';

/**
 * Seeded percentile-bootstrap confidence interval for any registered metric: the samples (the
 * entries of every top-level array of the input, which must all have the same length — yTrue and
 * yPred, or rankings and relevant, …) are drawn with replacement `nResamples` times, the metric is
 * recomputed through {@link computeMetric}, and the interval is read from the percentiles of the
 * chosen result field (NumPy's linear `percentile`; the resampling is the statistics'
 * `bootstrap`, which receives the metric as a callback). Resamples on which the metric is
 * undefined are counted in `skipped`. Also registered as the metric `bootstrap` (input
 * `{metric, input, params}`, params = these options); it refuses to bootstrap itself.
 *
 * @example bootstrapMetric('f1', { yTrue, yPred }, { average: 'macro' }, { nResamples: 2000, seed: 1 })
 * @throws UnknownMetricError for an unknown metric; InvalidInputError when the input is invalid
 * (the message is prefixed with the metric's name), the metric is `bootstrap` itself,
 * has no per-sample arrays or arrays of different lengths, the field is not numeric, the options
 * are out of range, or every resample is undefined.
 */
export function bootstrapMetric(
  name: string,
  input: unknown,
  params?: unknown,
  options: BootstrapOptions = {},
): BootstrapResult {
  return bootstrapWith({ getMetric, computeMetric }, name, input, params, options);
}
