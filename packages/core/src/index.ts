/**
 * @assay/core: Assay's metrics as pure functions, and the one catalog (`listMetrics`,
 * `getMetric`, `computeMetric`) that the API and the portal use.
 */
export * from './data/index.js';
export * from './evaluate/index.js';
export * from './explain/index.js';
export * from './limits/index.js';
export * from './metrics/index.js';
export * from './models/index.js';
export * from './runtime/index.js';
export * from './stats/index.js';
