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

/** A parameter or tag key a list may sort or filter by. */
const ZFieldKeySchema = z.string().min(1).max(250);

/** A comparison of a metric's latest value with a number, as a runs list filters by. */
export const METRIC_COMPARISONS = ['<', '<=', '>', '>=', '=', '!='] as const;

export const ZMetricFilterSchema = z
  .object({
    key: ZFieldKeySchema,
    op: z.enum(METRIC_COMPARISONS),
    value: z.number().refine(Number.isFinite, 'a metric filter compares with a finite number'),
  })
  .strict();

/**
 * How an experiment's runs are listed: sorted by `startedAt`, `name`, `status`, one parameter
 * (`params.<key>`) or one metric's latest value (`metrics.<key>`; runs without it last), `-`
 * first for descending; filtered by status, by parameter and tag values, and by comparisons of
 * metrics' latest values (all must hold; a run without the metric fails its comparison). Without
 * any, runs come newest first.
 */
export const ZRunListOptionsSchema = z
  .object({
    sort: z
      .string()
      .regex(
        /^-?(startedAt|name|status|params\..+|metrics\..+)$/,
        'sort by startedAt, name, status, params.<key> or metrics.<key>, with a leading - for descending',
      )
      .max(260)
      .optional(),
    status: ZRunStatusSchema.optional(),
    params: z
      .record(ZFieldKeySchema, z.union([z.string(), z.number(), z.boolean(), z.null()]))
      .optional(),
    tags: z.record(ZFieldKeySchema, z.string()).optional(),
    metrics: z.array(ZMetricFilterSchema).max(20).optional(),
  })
  .strict();

export type TRunListOptions = z.input<typeof ZRunListOptionsSchema>;
export type TMetricFilter = z.infer<typeof ZMetricFilterSchema>;
