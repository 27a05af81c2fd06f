export { explainedVarianceScore } from './explainedVariance.js';
export { meanAbsoluteError } from './mae.js';
export { meanAbsolutePercentageError } from './mape.js';
export { medianAbsoluteError } from './medianAbsoluteError.js';
export { meanSquaredError } from './mse.js';
export { r2Score } from './r2.js';
export { type Residuals, type ResidualsOptions, residuals } from './residuals.js';
export { rootMeanSquaredError } from './rmse.js';
export type { ForceFiniteOptions, RegressionOptions } from './schemas.js';
