/**
 * The registered metric `bootstrap` and {@link bootstrapWith}, which bootstraps a registered
 * metric by passing it down to the statistics' {@link bootstrap} as a callback. The metric lookup
 * is passed in (`computeMetric.ts` appends this definition with its own `getMetric` and
 * `computeMetric`), so this file imports neither the catalog nor `computeMetric.ts`: no cycle.
 */
import { z } from 'zod';
import { InvalidInputError, UnknownMetricError } from '../errors/index.js';
import type { ComputeLimits } from '../limits/index.js';
import { type BootstrapOptions, type BootstrapResult, bootstrap } from '../stats/bootstrap.js';
import { defineMetric } from './defineMetric.js';
import type { MetricDefinition, MetricResult } from './types.js';

/** The name under which the bootstrap itself is registered (it cannot bootstrap itself). */
export const BOOTSTRAP_METRIC_NAME = 'bootstrap';

/** How the bootstrap reaches the catalog (its `getMetric` and `computeMetric`). */
export interface MetricLookup {
  getMetric: (name: string) => MetricDefinition;
  computeMetric: (
    name: string,
    input: unknown,
    params?: unknown,
    options?: { limits?: Partial<ComputeLimits> },
  ) => MetricResult;
}

/**
 * Bootstraps the registered metric `name` (see `bootstrapMetric`) through `lookup`.
 * @throws UnknownMetricError for an unknown metric; InvalidInputError when the metric is
 * `bootstrap` itself, or as {@link bootstrap} throws.
 */
export function bootstrapWith(
  lookup: MetricLookup,
  name: string,
  input: unknown,
  params: unknown,
  options: BootstrapOptions = {},
  limits?: Partial<ComputeLimits>,
): BootstrapResult {
  if (name === BOOTSTRAP_METRIC_NAME) {
    const message = 'the bootstrap cannot resample itself; choose another metric';
    throw new InvalidInputError(message, [{ path: ['metric'], message }]);
  }
  lookup.getMetric(name);
  // Each resample is computed under the caller's bounds (a bootstrapped TER keeps its bound).
  const compute = (sample: unknown) =>
    lookup.computeMetric(name, sample, params, limits === undefined ? {} : { limits });
  return bootstrap(name, input, compute, options);
}

export const ZBootstrapInputSchema = z.strictObject({
  metric: z
    .string()
    .meta({ description: 'Name of the registered metric to bootstrap (not bootstrap itself).' }),
  input: z.record(z.string(), z.unknown()).meta({
    description:
      "That metric's input; every top-level array is resampled by sample, so all must have one entry per sample.",
  }),
  params: z
    .record(z.string(), z.unknown())
    .optional()
    .meta({ description: "That metric's params. Default: {} (its defaults)." }),
});

export const ZBootstrapParamsSchema = z.strictObject({
  nResamples: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(1000)
    .meta({ description: 'Number of resamples (SciPy n_resamples).' }),
  confidenceLevel: z
    .number()
    .gt(0)
    .lt(1)
    .default(0.95)
    .meta({ description: 'Confidence level of the interval (SciPy confidence_level).' }),
  seed: z
    .number()
    .int()
    .default(0)
    .meta({ description: 'Seed of the resampling stream: same seed, same interval.' }),
  field: z
    .string()
    .default('value')
    .meta({ description: 'The numeric field of the metric result to bootstrap.' }),
});

export const ZBootstrapResultSchema = z.object({
  metric: z.string().meta({ description: 'The bootstrapped metric.' }),
  estimate: z.number().meta({ description: 'The metric on the full input.' }),
  low: z.number().meta({ description: 'Lower bound of the percentile interval.' }),
  high: z.number().meta({ description: 'Upper bound of the percentile interval.' }),
  confidenceLevel: z.number(),
  nResamples: z.number().int(),
  skipped: z.number().int().meta({
    description: 'Resamples on which the metric is undefined (e.g. one class drawn), left out.',
  }),
  seed: z.number().int(),
  field: z.string(),
  method: z.literal('percentile'),
});

/** The catalog entry `bootstrap`, bound to a catalog's lookup. */
export const bootstrapDefinitionOf = (lookup: MetricLookup) =>
  defineMetric({
    name: BOOTSTRAP_METRIC_NAME,
    family: 'stats',
    description:
      'Seeded percentile-bootstrap confidence interval for any other registered metric: samples are drawn with replacement and the metric recomputed through the catalog.',
    input: ZBootstrapInputSchema,
    params: ZBootstrapParamsSchema,
    result: ZBootstrapResultSchema,
    compute: (input, params, context) => {
      try {
        return bootstrapWith(
          lookup,
          input.metric,
          input.input,
          input.params,
          params,
          context?.limits,
        );
      } catch (error) {
        if (!(error instanceof UnknownMetricError)) throw error;
        // Here the name is a field of the input, so an unknown one is invalid input.
        throw new InvalidInputError(error.message, [{ path: ['metric'], message: error.message }]);
      }
    },
  });
