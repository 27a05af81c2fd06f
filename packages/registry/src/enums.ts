import { DATASET_FORMATS, MODEL_ARTIFACT_FORMATS } from '@assay/core';

// Every enumeration of the registry, once, as a const tuple: the zod enums (`schemas.ts`,
// `entities.ts`), the domain types (`types.ts`) and the API's contracts derive from these. The
// Prisma schema's enums must hold the same values (a test compares them).

/** Roles of an API key, weakest first. */
export const ROLES = ['viewer', 'editor', 'admin'] as const;
/** Formats of a model version's artifact: the core's list (it loads them). */
export const ARTIFACT_FORMATS = MODEL_ARTIFACT_FORMATS;
/** Formats of a stored dataset: the core's list (it parses them). */
export { DATASET_FORMATS };
export const FEATURE_TYPES = ['numeric', 'categorical', 'boolean', 'string', 'datetime'] as const;
export const RUN_STATUSES = ['running', 'finished', 'failed', 'killed'] as const;
export const EVALUATION_STATUSES = ['pending', 'running', 'completed', 'failed'] as const;
export const JOB_KINDS = ['evaluation', 'explanation'] as const;
export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
