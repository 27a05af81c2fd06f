// @assay/registry: Assay's store of projects, API keys, models and versions.
// Exports domain types, schemas and functions only: never Prisma types.

export type { ArtifactSource } from './artifacts/local-artifact-store.js';
export { isRegistryError, RegistryError, type RegistryErrorCode } from './errors.js';
export { DEFAULT_METRIC_PAGE_SIZE, MAX_METRIC_PAGE_SIZE } from './metrics/get-metric-history.js';
export { migrate } from './migrate.js';
export { openRegistry } from './open-registry.js';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination.js';
export type { OpenRegistryOptions, Registry } from './registry.js';
export {
  MAX_METRIC_BATCH,
  type TCreateApiKeySchema,
  type TCreateExperimentSchema,
  type TCreateProjectSchema,
  type TCreateRunSchema,
  type TCreateVersionMetaSchema,
  type TFinishRunSchema,
  type TMetricPointSchema,
  type TPageRequestSchema,
  type TRegisterModelSchema,
  type TRemoveAliasSchema,
  type TSetAliasSchema,
  ZActorSchema,
  ZAliasNameSchema,
  ZArtifactFormatSchema,
  ZCreateApiKeySchema,
  ZCreateExperimentSchema,
  ZCreateProjectSchema,
  ZCreateRunSchema,
  ZCreateVersionMetaSchema,
  ZDescriptionSchema,
  ZFinishRunSchema,
  ZIdSchema,
  ZInstantSchema,
  ZLogMetricsSchema,
  ZMetricKeySchema,
  ZMetricPointSchema,
  ZModelNameSchema,
  ZNameSchema,
  ZPageRequestSchema,
  ZParamsSchema,
  ZProjectNameSchema,
  ZReasonSchema,
  ZRegisterModelSchema,
  ZRemoveAliasSchema,
  ZRoleSchema,
  ZRunStatusSchema,
  ZSetAliasSchema,
  ZSha256Schema,
  ZTagsSchema,
  ZVersionNumberSchema,
} from './schemas.js';
export type {
  AliasEvent,
  ApiKey,
  ArtifactFormat,
  Experiment,
  MetricPoint,
  MetricPointInput,
  ModelAlias,
  ModelVersion,
  Page,
  PageRequest,
  Params,
  Project,
  RegisteredModel,
  RegisteredModelWithVersions,
  Role,
  Run,
  RunStatus,
  Tags,
} from './types.js';
