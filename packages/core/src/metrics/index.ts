export type { AssayErrorCode, AssayIssue } from '../errors/index.js';
export {
  AssayError,
  InvalidInputError,
  LimitExceededError,
  UnknownMetricError,
} from '../errors/index.js';
export type { Label } from '../labels/index.js';
export * from './bias/index.js';
export { bootstrapMetric } from './bootstrapMetric.js';
export * from './classification/index.js';
export { computeMetric, getMetric, listMetrics } from './computeMetric.js';
export * from './hitl/index.js';
export * from './ranking/index.js';
export * from './regression/index.js';
export * from './rl/index.js';
export * from './text/index.js';
export type {
  JsonSchema,
  MetricDefinition,
  MetricFamily,
  MetricInfo,
  MetricResult,
} from './types.js';
