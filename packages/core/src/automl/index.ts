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
export { refitPipeline } from './refit.js';
export {
  type AutoMlProgress,
  type AutoMlResult,
  type AutoMlRunOptions,
  noTrialCompleted,
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
  type SearchOptions,
  type SearchResult,
  searchTrials,
  type TrialRunner,
} from './search/searchTrials.js';
export {
  type AutoMlSettings,
  LEARNER_FAMILIES,
  type TAutoMlSettings,
  ZAutoMlSettingsSchema,
} from './settings.js';
export {
  chooseLearners,
  type FoldData,
  type LearnerSet,
  prepareStudy,
  type Study,
  type StudySummary,
  summarizeStudy,
} from './study.js';
export { evaluateTrial, type TrialOutcome, type TrialRequest } from './trial.js';
export {
  chooseValidation,
  makeSplits,
  type Split,
  type ValidationPlan,
} from './validation/folds.js';
