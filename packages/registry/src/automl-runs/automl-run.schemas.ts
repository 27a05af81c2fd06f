import { z } from 'zod';
import {
  AUTOML_RUN_STATUSES,
  ZActorSchema,
  ZIdSchema,
  ZJsonObjectSchema,
  ZNameSchema,
} from '../common.js';

export const ZAutoMlRunStatusSchema = z.enum(AUTOML_RUN_STATUSES);

/** JSON values the run stores as they are (the core's shapes, validated by the caller). */
const ZJsonArraySchema = z.array(z.json());

/** A new run: what to search, where the result goes, and the lineage that reproduces it. */
export const ZCreateAutoMlRunSchema = z
  .object({
    projectId: ZIdSchema,
    datasetId: ZIdSchema,
    modelName: ZNameSchema.describe('The model the best pipeline is registered into'),
    settings: ZJsonObjectSchema,
    lineage: ZJsonObjectSchema,
    jobId: ZIdSchema.optional(),
    createdBy: ZActorSchema.optional(),
  })
  .strict();
export type TCreateAutoMlRunSchema = z.input<typeof ZCreateAutoMlRunSchema>;

/**
 * A change to a run as it progresses: the leaderboard as it fills, then the outcome. A run that
 * has finished (succeeded, failed, cancelled) takes no more changes (`conflict`).
 */
export const ZUpdateAutoMlRunSchema = z
  .object({
    status: ZAutoMlRunStatusSchema.optional(),
    jobId: ZIdSchema.optional(),
    leaderboard: ZJsonArraySchema.optional(),
    guardrails: ZJsonArraySchema.optional(),
    bestTrial: ZJsonObjectSchema.optional(),
    modelVersion: z.number().int().min(1).optional(),
    versionId: ZIdSchema.optional(),
    evaluationId: ZIdSchema.optional(),
    explanation: ZJsonObjectSchema.optional(),
    error: z.object({ title: z.string(), detail: z.string() }).strict().optional(),
  })
  .strict();
export type TUpdateAutoMlRunSchema = z.input<typeof ZUpdateAutoMlRunSchema>;

/** Filters of a project's runs. */
export const ZAutoMlRunFilterSchema = z
  .object({
    status: ZAutoMlRunStatusSchema.optional(),
    datasetId: ZIdSchema.optional(),
  })
  .strict();
export type TAutoMlRunFilterSchema = z.infer<typeof ZAutoMlRunFilterSchema>;
