export { checkEvaluationRequest } from './checkEvaluationRequest.js';
export { compareModels } from './compareModels.js';
export { checkComparisonRequest, comparePredictions } from './comparePredictions.js';
export {
  COMPARISON_TEST_NAMES,
  type ComparedMetric,
  type CompareModelsOptions,
  type ComparisonInterval,
  type ComparisonReport,
  type ComparisonTest,
  type ComparisonTestName,
  type ComparisonTiming,
  type TComparedPredictions,
  type TComparePredictionsInput,
  type TComparisonMetricRequest,
  ZComparedMetricSchema,
  ZComparedPredictionsSchema,
  ZComparePredictionsInputSchema,
  ZComparisonIntervalSchema,
  ZComparisonMetricRequestSchema,
  ZComparisonReportSchema,
  ZComparisonTestSchema,
  ZComparisonTimingSchema,
} from './compareTypes.js';
export { EVALUATION_SIGNATURE_VERSION, evaluateModel } from './evaluateModel.js';
export {
  checkTextEvaluationRequest,
  type EvaluateTextModelOptions,
  evaluateTextModel,
  type TextEvaluatedMetric,
  type TextInterval,
  type TextModelEvaluation,
} from './evaluateTextModel.js';
export {
  type TEvaluationRequest,
  ZEvaluationConfidenceSchema,
  ZEvaluationMetricRequestSchema,
  ZEvaluationRequestSchema,
} from './schemas.js';
export * from './shards/index.js';
export {
  type TTextEvaluationRequest,
  type TTextMetricRequest,
  ZTextConfidenceSchema,
  ZTextEvaluationRequestSchema,
  ZTextMetricRequestSchema,
} from './textSchemas.js';
export type {
  ClassSummary,
  EvaluatedMetric,
  EvaluateModelOptions,
  EvaluationConfidence,
  EvaluationInterval,
  EvaluationMetricRequest,
  EvaluationProgress,
  EvaluationTiming,
  ModelEvaluation,
  PredictionSummary,
} from './types.js';
