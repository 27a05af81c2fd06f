import type { MetricDefinition, MetricResult } from './types.js';

/** Declares a metric with its input, params and result types inferred from its zod schemas. */
export function defineMetric<I, P, R extends MetricResult>(
  definition: MetricDefinition<I, P, R>,
): MetricDefinition<I, P, R> {
  return definition;
}
