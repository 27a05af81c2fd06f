export { EVALUATION_SIGNATURE_VERSION, evaluateModel } from './evaluateModel.js';
export type {
  ClassSummary,
  EvaluatedMetric,
  EvaluateModelOptions,
  EvaluationConfidence,
  EvaluationInterval,
  EvaluationMetricRequest,
  EvaluationTiming,
  ModelEvaluation,
  PredictionSummary,
} from './types.js';
