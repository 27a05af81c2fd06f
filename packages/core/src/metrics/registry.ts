import { accuracyMetric } from './classification/accuracy.js';
import type { MetricDefinition } from './types.js';

/**
 * Every metric the platform offers. Adding a metric = one file exporting its definition plus one
 * line here; names are unique (a test checks it) and there are no aliases.
 */
export const METRICS: readonly MetricDefinition[] = [accuracyMetric];
