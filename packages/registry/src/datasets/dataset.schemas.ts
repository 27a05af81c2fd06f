import { z } from 'zod';
import { DATASET_FORMATS, ZActorSchema, ZIdSchema, ZSha256Schema } from '../common.js';
import { ZDatasetFingerprintSchema } from '../evaluations/evaluation.schemas.js';

export const ZDatasetFormatSchema = z.enum(DATASET_FORMATS);

/** Column names of a dataset, in order (the same rules as in a fingerprint). */
const ZColumnsSchema = ZDatasetFingerprintSchema.shape.columns;

/**
 * Everything about a new dataset except its bytes. `rows` and `columns` are computed by the caller
 * (which parses the data before storing it); the registry only stores them.
 */
export const ZCreateDatasetMetaSchema = z.object({
  projectId: ZIdSchema,
  name: z
    .string()
    .min(1, 'dataset name must not be empty')
    .max(250, 'dataset name must be at most 250 characters')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
    .regex(/^[^\u0000-\u001f\u007f]+$/, 'dataset name must not contain control characters')
    .optional(),
  format: ZDatasetFormatSchema,
  expectedSha256: ZSha256Schema.optional(),
  rows: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  columns: ZColumnsSchema,
  createdBy: ZActorSchema.optional(),
});

export type TCreateDatasetMetaSchema = z.infer<typeof ZCreateDatasetMetaSchema>;
