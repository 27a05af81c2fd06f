// The functions behind `registry.runs`, one per file: each exports its function under the method's
// name (`createRegistry` binds every function of this module that takes the context first). A run's
// metric points (`../metric-points/`) are logged and read through `registry.runs` too.
export * from '../metric-points/get-metric-envelope.js';
export * from '../metric-points/get-metric-history.js';
export * from '../metric-points/log-metrics.js';
export * from './create-run.js';
export * from './finish-run.js';
export * from './get-run.js';
export * from './list-runs.js';
export * from './metric-keys.js';
