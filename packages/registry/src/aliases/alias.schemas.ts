import { z } from 'zod';
import { ZIdSchema, ZNameSchema } from '../common.js';
import { ZModelNameSchema } from '../models/model.schemas.js';
import { ZVersionNumberSchema } from '../versions/version.schemas.js';

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
  /** A completed evaluation of this model the move rests on (`not_found` otherwise). */
  evaluationId: ZIdSchema.optional(),
  /**
   * Moves a guarded alias without a passing gate report; the reason is recorded in the ledger
   * (the API lets only admins override).
   */
  override: z
    .object({ reason: ZReasonSchema.min(1, 'an override needs a reason') })
    .strict()
    .optional(),
});

export const ZRemoveAliasSchema = z.object({
  projectId: ZIdSchema,
  modelName: ZModelNameSchema,
  alias: ZAliasNameSchema,
  expectedRevision: z.number().int().min(1).optional(),
  reason: ZReasonSchema.optional(),
});

export type TSetAliasSchema = z.infer<typeof ZSetAliasSchema>;
export type TRemoveAliasSchema = z.infer<typeof ZRemoveAliasSchema>;
