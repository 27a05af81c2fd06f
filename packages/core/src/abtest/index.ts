/**
 * @assay/core/abtest: online A/B tests of model versions as pure functions — GrowthBook-compatible
 * sticky assignment, the analysis of per-variant sufficient statistics (frequentist, sequential,
 * Bayesian; CUPED, ratio metrics, SRM, multiple testing) and the planner.
 */

export { AB_ENGINE, analyzeAbTest } from './analyzeAbTest.js';
export {
  assignVariant,
  bucketRanges,
  chooseVariant,
  createAssigner,
  fnv1a32,
  HASH_VERSIONS,
  type HashVersion,
  hashUnit,
  inNamespace,
  type TAssignerConfig,
  type TAssignment,
  type TAssignVariantInput,
  WEIGHT_SUM_TOLERANCE,
  ZAssignerConfigSchema,
  ZAssignmentSchema,
  ZAssignVariantInputSchema,
} from './assignment.js';
export { adjustPValues, CORRECTIONS, type Correction } from './multipleTesting.js';
export {
  planAbTest,
  type TAbTestPlan,
  type TPlanAbTestInput,
  ZAbTestPlanSchema,
  ZPlanAbTestInputSchema,
} from './planAbTest.js';
export {
  AB_METHODS,
  type AbTestAnalysis,
  type TAbEffect,
  type TAbMetricResult,
  type TAbVariantResult,
  type TAnalyzeAbTestInput,
  type TMetricStats,
  type TPrePeriod,
  type TRatioPrePeriod,
  ZAbDecisionSchema,
  ZAbEffectSchema,
  ZAbMetricResultSchema,
  ZAbMetricSchema,
  ZAbTestAnalysisSchema,
  ZAbVariantResultSchema,
  ZAbVariantSchema,
  ZAnalyzeAbTestInputSchema,
  ZMeanStatsSchema,
  ZMetricStatsSchema,
  ZPrePeriodSchema,
  ZProportionStatsSchema,
  ZRatioPrePeriodSchema,
  ZRatioStatsSchema,
} from './schemas.js';
export { SRM_THRESHOLD, sampleRatioMismatch, type TSrmResult, ZSrmResultSchema } from './srm.js';
