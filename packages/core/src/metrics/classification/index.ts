export { type AccuracyScoreOptions, accuracyScore } from './accuracy.js';
export { type AveragePrecisionOptions, averagePrecisionScore } from './averagePrecision.js';
export { type BalancedAccuracyOptions, balancedAccuracyScore } from './balancedAccuracy.js';
export { type BrierScoreOptions, brierScoreLoss } from './brierScore.js';
export {
  type CalibrationCurve,
  type CalibrationCurveOptions,
  calibrationCurve,
} from './calibrationCurve.js';
export { type CohenKappaOptions, cohenKappaScore, type KappaWeights } from './cohenKappa.js';
export {
  type ConfusionMatrix,
  type ConfusionMatrixOptions,
  confusionMatrix,
} from './confusionMatrix.js';
export { f1Score } from './f1.js';
export { fbetaScore } from './fbeta.js';
export { type LogLossOptions, logLoss } from './logLoss.js';
export { type MatthewsCorrcoefOptions, matthewsCorrcoef } from './matthewsCorrcoef.js';
export { precisionScore } from './precision.js';
export {
  type PrecisionRecallCurve,
  type PrecisionRecallCurveOptions,
  precisionRecallCurve,
} from './precisionRecallCurve.js';
export {
  type PrecisionRecallFscore,
  type PrecisionRecallFscoreOptions,
  type PrfAverage,
  precisionRecallFscore,
} from './precisionRecallFscore.js';
export { recallScore } from './recall.js';
export { type RocAucOptions, rocAucScore } from './rocAuc.js';
export { type RocCurve, type RocCurveOptions, rocCurve } from './rocCurve.js';
