// @assay/registry: Assay's store of projects, API keys, models and versions.
// Exports domain types, schemas and functions only: never Prisma types.

export type { ArtifactSource } from './artifacts/local-artifact-store.js';
export { isRegistryError, RegistryError, type RegistryErrorCode } from './errors.js';
export { migrate } from './migrate.js';
export { openRegistry } from './open-registry.js';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination.js';
export type { OpenRegistryOptions, Registry } from './registry.js';
export {
  type TCreateApiKeySchema,
  type TCreateProjectSchema,
  type TCreateVersionMetaSchema,
  type TPageRequestSchema,
  type TRegisterModelSchema,
  type TRemoveAliasSchema,
  type TSetAliasSchema,
  ZActorSchema,
  ZAliasNameSchema,
  ZArtifactFormatSchema,
  ZCreateApiKeySchema,
  ZCreateProjectSchema,
  ZCreateVersionMetaSchema,
  ZDescriptionSchema,
  ZIdSchema,
  ZInstantSchema,
  ZModelNameSchema,
  ZNameSchema,
  ZPageRequestSchema,
  ZProjectNameSchema,
  ZReasonSchema,
  ZRegisterModelSchema,
  ZRemoveAliasSchema,
  ZRoleSchema,
  ZSetAliasSchema,
  ZSha256Schema,
  ZTagsSchema,
  ZVersionNumberSchema,
} from './schemas.js';
export type {
  AliasEvent,
  ApiKey,
  ArtifactFormat,
  ModelAlias,
  ModelVersion,
  Page,
  PageRequest,
  Project,
  RegisteredModel,
  RegisteredModelWithVersions,
  Role,
  Tags,
} from './types.js';
