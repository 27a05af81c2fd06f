export {
  type CategoryCoverage,
  type CategoryCoverageRow,
  categoryCoverage,
} from './categoryCoverage.js';
export {
  demographicParityDifference,
  type FairnessOptions,
} from './demographicParityDifference.js';
export { equalizedOddsDifference, type TEqualizedOddsResult } from './equalizedOddsDifference.js';
export {
  type GroupMetricsOptions,
  groupMetrics,
  type TGroupMetricsResult,
} from './groupMetrics.js';
export { type PsiOptions, populationStabilityIndex, type TPsiResult } from './psi.js';
