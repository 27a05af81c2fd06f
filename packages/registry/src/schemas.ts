import { z } from 'zod';

// One zod schema per input, shared by the registry and the API (STYLE.md, example 2).

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const NAME_RULE =
  'must start with a letter or digit and contain only letters, digits, ".", "_" and "-"';

/** Names of projects and models: 1–128 characters of `[A-Za-z0-9._-]`, starting alphanumeric. */
export const ZNameSchema = z
  .string()
  .min(1, 'name must not be empty')
  .max(128, 'name must be at most 128 characters')
  .regex(NAME_PATTERN, `name ${NAME_RULE}`);

export const ZProjectNameSchema = ZNameSchema;
export const ZModelNameSchema = ZNameSchema;

export const ZIdSchema = z.uuid({ message: 'id must be a UUID' });

export const ZRoleSchema = z.enum(['viewer', 'editor', 'admin']);
export const ZArtifactFormatSchema = z.enum(['tfjs', 'onnx', 'json', 'remote']);

export const ZSha256Schema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hexadecimal characters');

export const ZDescriptionSchema = z
  .string()
  .max(10_000, 'description must be at most 10000 characters');

/** Free-form labels: at most 64 entries, keys 1–128 printable characters, values up to 1024. */
export const ZTagsSchema = z
  .record(
    z
      .string()
      .min(1, 'tag keys must not be empty')
      .max(128, 'tag keys must be at most 128 characters')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
      .regex(/^[^\u0000-\u001f\u007f]+$/, 'tag keys must not contain control characters'),
    z.string().max(1024, 'tag values must be at most 1024 characters'),
  )
  .refine((tags) => Object.keys(tags).length <= 64, 'at most 64 tags');

/** Who did something: a user name, an API key id, or `system`. */
export const ZActorSchema = z.string().min(1).max(256);

export const ZPageRequestSchema = z.object({
  cursor: z.string().min(1).max(1024).optional(),
  limit: z.coerce
    .number()
    .int('limit must be an integer')
    .min(1, 'limit must be at least 1')
    .max(500, 'limit must be at most 500')
    .optional(),
});

export const ZCreateProjectSchema = z.object({
  name: ZProjectNameSchema,
  description: ZDescriptionSchema.optional(),
});

export const ZCreateApiKeySchema = z.object({
  projectId: ZIdSchema,
  role: ZRoleSchema,
  name: z.string().min(1).max(128).optional(),
});

export const ZRegisterModelSchema = z.object({
  projectId: ZIdSchema,
  name: ZModelNameSchema,
  description: ZDescriptionSchema.optional(),
  tags: ZTagsSchema.optional(),
});

/** Everything about a new version except its artifact bytes. */
export const ZCreateVersionMetaSchema = z.object({
  projectId: ZIdSchema,
  modelName: ZModelNameSchema,
  format: ZArtifactFormatSchema,
  expectedSha256: ZSha256Schema.optional(),
  description: ZDescriptionSchema.optional(),
  tags: ZTagsSchema.optional(),
  createdBy: ZActorSchema.optional(),
});

export const ZVersionNumberSchema = z.coerce.number().int().min(1).max(2_147_483_647);

/** Alias names (`production`, `staging`, `champion`, …): the same rules as model names. */
export const ZAliasNameSchema = ZNameSchema;

export const ZReasonSchema = z.string().max(2000, 'reason must be at most 2000 characters');

/**
 * Point an alias at a version. `expectedRevision` makes the move conditional (optimistic
 * concurrency): the alias's current revision, or 0 for "the alias must not exist yet".
 */
export const ZSetAliasSchema = z.object({
  projectId: ZIdSchema,
  modelName: ZModelNameSchema,
  alias: ZAliasNameSchema,
  version: ZVersionNumberSchema,
  expectedRevision: z.number().int().min(0).optional(),
  reason: ZReasonSchema.optional(),
  evaluationId: ZIdSchema.optional(),
});

export const ZRemoveAliasSchema = z.object({
  projectId: ZIdSchema,
  modelName: ZModelNameSchema,
  alias: ZAliasNameSchema,
  expectedRevision: z.number().int().min(1).optional(),
  reason: ZReasonSchema.optional(),
});

/** An instant: ISO-8601 string (with offset) or Date. */
export const ZInstantSchema = z.union([
  z.date(),
  z.iso.datetime({ offset: true, message: 'expected an ISO-8601 date-time with offset' }),
]);

export const ZRunStatusSchema = z.enum(['running', 'finished', 'failed', 'killed']);

export const ZCreateExperimentSchema = z.object({
  projectId: ZIdSchema,
  name: ZNameSchema,
  description: ZDescriptionSchema.optional(),
  tags: ZTagsSchema.optional(),
});

export const ZParamsSchema = z
  .record(
    z.string().min(1).max(250),
    z.union([z.string().max(6000), z.number(), z.boolean(), z.null()]),
  )
  .refine((params) => Object.keys(params).length <= 500, 'at most 500 params');

export const ZCreateRunSchema = z.object({
  experimentId: ZIdSchema,
  parentRunId: ZIdSchema.optional(),
  name: z.string().min(1).max(250).optional(),
  params: ZParamsSchema.optional(),
  tags: ZTagsSchema.optional(),
  createdBy: ZActorSchema.optional(),
});

export const ZFinishRunSchema = z.object({
  status: z.enum(['finished', 'failed', 'killed']),
});

/** Metric keys: 1–250 characters of letters, digits and `_ - . / : space`, e.g. `train/loss`. */
export const ZMetricKeySchema = z
  .string()
  .min(1, 'metric key must not be empty')
  .max(250, 'metric key must be at most 250 characters')
  .regex(
    /^[A-Za-z0-9_\-./: ]+$/,
    'metric key may contain letters, digits, "_", "-", ".", "/", ":" and spaces',
  );

export const MAX_METRIC_BATCH = 50_000;

export const ZMetricPointSchema = z.object({
  key: ZMetricKeySchema,
  value: z.number(),
  step: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  timestamp: ZInstantSchema.optional(),
});

export const ZLogMetricsSchema = z.object({
  runId: ZIdSchema,
  points: z.array(ZMetricPointSchema).min(1).max(MAX_METRIC_BATCH),
});

export type TCreateProjectSchema = z.infer<typeof ZCreateProjectSchema>;
export type TCreateApiKeySchema = z.infer<typeof ZCreateApiKeySchema>;
export type TRegisterModelSchema = z.infer<typeof ZRegisterModelSchema>;
export type TCreateVersionMetaSchema = z.infer<typeof ZCreateVersionMetaSchema>;
export type TPageRequestSchema = z.infer<typeof ZPageRequestSchema>;
export type TSetAliasSchema = z.infer<typeof ZSetAliasSchema>;
export type TRemoveAliasSchema = z.infer<typeof ZRemoveAliasSchema>;
export type TCreateExperimentSchema = z.infer<typeof ZCreateExperimentSchema>;
export type TCreateRunSchema = z.infer<typeof ZCreateRunSchema>;
export type TFinishRunSchema = z.infer<typeof ZFinishRunSchema>;
export type TMetricPointSchema = z.infer<typeof ZMetricPointSchema>;
