import { z } from 'zod';
import { RUN_STATUSES, ZActorSchema, ZIdSchema, ZTagsSchema } from '../common.js';

export const ZRunStatusSchema = z.enum(RUN_STATUSES);

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

export type TCreateRunSchema = z.infer<typeof ZCreateRunSchema>;
export type TFinishRunSchema = z.infer<typeof ZFinishRunSchema>;
