// @assay/registry: Assay's store of projects, API keys, models and versions.
// Exports domain types, schemas and functions only: never Prisma types. Each entity's input
// schemas (`<entity>.schemas.ts`) and domain types with their response schemas
// (`<entity>.types.ts`) are public as a whole; its functions are reached through `Registry`.

export * from './ab-tests/ab-test.schemas.js';
export * from './ab-tests/ab-test.types.js';
export * from './aliases/alias.schemas.js';
export * from './aliases/alias.types.js';
export * from './api-keys/api-key.schemas.js';
export * from './api-keys/api-key.types.js';
export * from './artifacts/artifact.schemas.js';
export * from './artifacts/artifact.types.js';
export type { ArtifactSource, S3ArtifactStoreOptions } from './artifacts/artifact-store.js';
export * from './automl-runs/automl-run.schemas.js';
export * from './automl-runs/automl-run.types.js';
export {
  AB_TEST_STATUSES,
  ARTIFACT_FORMATS,
  AUTOML_RUN_STATUSES,
  DATASET_FORMATS,
  EVALUATION_STATUSES,
  FEATURE_TYPES,
  integerParam,
  JOB_KINDS,
  JOB_STATUSES,
  type JsonValue,
  type Page,
  type PageRequest,
  PREDICTION_OUTCOMES,
  PREDICTION_ROLES,
  ROLES,
  RUN_STATUSES,
  SHADOW_TEST_STATUSES,
  type Tags,
  type TPageRequestSchema,
  ZActorSchema,
  ZDescriptionSchema,
  ZIdempotencyKeySchema,
  ZIdSchema,
  ZInstantSchema,
  ZNameSchema,
  ZPageRequestSchema,
  ZPageSchema,
  ZSha256Schema,
  ZTagsSchema,
} from './common.js';
export * from './comparisons/comparison.schemas.js';
export * from './comparisons/comparison.types.js';
export * from './datasets/dataset.schemas.js';
export * from './datasets/dataset.types.js';
export { isRegistryError, RegistryError, type RegistryErrorCode } from './errors.js';
export * from './evaluations/evaluation.schemas.js';
export * from './evaluations/evaluation.types.js';
export * from './experiments/experiment.schemas.js';
export * from './experiments/experiment.types.js';
export * from './gates/gate.schemas.js';
export * from './gates/gate.types.js';
export * from './jobs/job.schemas.js';
export * from './jobs/job.types.js';
export type { MetricEnvelope, RunEnvelopes } from './metric-points/get-metric-envelope.js';
export {
  DEFAULT_METRIC_PAGE_SIZE,
  MAX_METRIC_PAGE_SIZE,
} from './metric-points/get-metric-history.js';
export * from './metric-points/metric-point.schemas.js';
export * from './metric-points/metric-point.types.js';
export { migrate } from './migrate.js';
export * from './models/model.schemas.js';
export * from './models/model.types.js';
export { openRegistry } from './open-registry.js';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination.js';
export * from './prediction-logs/prediction-log.schemas.js';
export * from './prediction-logs/prediction-log.types.js';
export * from './projects/project.schemas.js';
export * from './projects/project.types.js';
export type { OpenRegistryOptions, Registry } from './registry.js';
export type { ReviewClaimant } from './reviews/claim-review-item.js';
export * from './reviews/review.schemas.js';
export * from './reviews/review.types.js';
export * from './rl-runs/rl-run.schemas.js';
export * from './rl-runs/rl-run.types.js';
export * from './runs/run.schemas.js';
export * from './runs/run.types.js';
export * from './shadow-tests/shadow-test.schemas.js';
export * from './shadow-tests/shadow-test.types.js';
export * from './turing-studies/turing-study.schemas.js';
export * from './turing-studies/turing-study.types.js';
export * from './versions/version.schemas.js';
export * from './versions/version.types.js';
