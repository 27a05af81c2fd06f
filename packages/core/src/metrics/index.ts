export type { AssayErrorCode, AssayIssue } from '../errors/index.js';
export { AssayError, InvalidInputError, UnknownMetricError } from '../errors/index.js';
export type { Label } from '../labels/index.js';
export * from './classification/index.js';
export { computeMetric, getMetric, listMetrics } from './computeMetric.js';
export type {
  JsonSchema,
  MetricDefinition,
  MetricFamily,
  MetricInfo,
  MetricResult,
} from './types.js';
