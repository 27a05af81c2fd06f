export { checkEvaluationRequest } from './checkEvaluationRequest.js';
export { EVALUATION_SIGNATURE_VERSION, evaluateModel } from './evaluateModel.js';
export {
  type TEvaluationRequest,
  ZEvaluationConfidenceSchema,
  ZEvaluationMetricRequestSchema,
  ZEvaluationRequestSchema,
} from './schemas.js';
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
