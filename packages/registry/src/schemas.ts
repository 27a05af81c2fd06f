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

export type TCreateProjectSchema = z.infer<typeof ZCreateProjectSchema>;
export type TCreateApiKeySchema = z.infer<typeof ZCreateApiKeySchema>;
export type TRegisterModelSchema = z.infer<typeof ZRegisterModelSchema>;
export type TCreateVersionMetaSchema = z.infer<typeof ZCreateVersionMetaSchema>;
export type TPageRequestSchema = z.infer<typeof ZPageRequestSchema>;
