export * from './featurize/index.js';
export {
  type Guardrail,
  type GuardrailOptions,
  type GuardrailStatus,
  runGuardrails,
} from './guardrails/guardrails.js';
export { learners, reviveLearner } from './learners/index.js';
export { linearLearner } from './learners/linear.js';
export type * from './learners/types.js';
export {
  AUTOML_ARTIFACT_FORMAT,
  type AutoMlArtifact,
  type AutoMlModel,
  createAutoMlModel,
} from './pipeline/artifact.js';
export { type RawShapValues, rawShapValues } from './pipeline/rawShapValues.js';
export { type PreparedTarget, prepareTarget } from './prepareTarget.js';
export {
  type AutoMlProgress,
  type AutoMlResult,
  type AutoMlRunOptions,
  runAutoMl,
} from './runAutoMl.js';
export {
  AUTOML_METRICS,
  type AutoMlMetric,
  defaultMetric,
  greaterIsBetter,
  scoreFold,
} from './scoring.js';
export type { LeaderboardTrial } from './search/leaderboard.js';
export {
  type AutoMlSettings,
  LEARNER_FAMILIES,
  type TAutoMlSettings,
  ZAutoMlSettingsSchema,
} from './settings.js';
export {
  chooseValidation,
  makeSplits,
  type Split,
  type ValidationPlan,
} from './validation/folds.js';
