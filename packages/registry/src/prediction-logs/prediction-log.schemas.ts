import { z } from 'zod';
import { PREDICTION_OUTCOMES, PREDICTION_ROLES, ZIdSchema } from '../common.js';
import { ZModelNameSchema } from '../models/model.schemas.js';

export const ZPredictionRoleSchema = z.enum(PREDICTION_ROLES);
export const ZPredictionOutcomeSchema = z.enum(PREDICTION_OUTCOMES);

/** A request's id as the API gives it (`X-Request-Id`: the client's if sane, else a UUID). */
export const ZRequestIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'requestId must be 1–128 characters of [A-Za-z0-9._:-]');

/** Most rows one append takes (the API's writer flushes far fewer). */
export const MAX_PREDICTION_LOG_BATCH = 50_000;
/** Most labels one call takes. */
export const MAX_LABEL_BATCH = 10_000;

/** A label of one predicted row: the class (number or string) or the regression target. */
export const ZLabelValueSchema = z.union([
  z.number().refine(Number.isFinite, 'a label must be a finite number or a string'),
  z.string().min(1).max(256, 'a string label must be at most 256 characters'),
]);

export const ZPredictionLabelSchema = z.strictObject({
  requestId: ZRequestIdSchema,
  label: z
    .union([ZLabelValueSchema, z.array(ZLabelValueSchema).min(1).max(10_000)])
    .describe('The true value of each predicted row of the request (a single value for one row)'),
});

/**
 * Labels by request id, for one model. Idempotent: a request already labelled with the same value
 * is left as it is (a retried batch is stored once); with a different value the whole batch is a
 * `conflict`.
 */
export const ZSendLabelsSchema = z
  .object({
    projectId: ZIdSchema,
    modelName: ZModelNameSchema,
    labels: z
      .array(ZPredictionLabelSchema)
      .min(1, 'send at least one label')
      .max(MAX_LABEL_BATCH, `send at most ${MAX_LABEL_BATCH} labels per batch`),
  })
  .superRefine((v, ctx) => {
    const seen = new Map<string, string>();
    v.labels.forEach((l, i) => {
      const value = JSON.stringify(l.label);
      const before = seen.get(l.requestId);
      if (before !== undefined && before !== value) {
        ctx.addIssue({
          code: 'custom',
          path: ['labels', i, 'label'],
          message: `request ${l.requestId} is labelled twice with different values`,
        });
      }
      seen.set(l.requestId, value);
    });
  });

/** Whether a model's prediction log keeps the inputs (not only their sha256). */
export const ZSetLogPolicySchema = z.object({
  projectId: ZIdSchema,
  modelName: ZModelNameSchema,
  logInputs: z.boolean(),
});

export const ZListPredictionLogSchema = z.object({
  requestId: ZRequestIdSchema.optional(),
  shadowTestId: ZIdSchema.optional(),
  limit: z.number().int().min(1).max(500).optional(),
});

export type TSendLabelsSchema = z.infer<typeof ZSendLabelsSchema>;
export type TSetLogPolicySchema = z.infer<typeof ZSetLogPolicySchema>;
export type TListPredictionLogSchema = z.infer<typeof ZListPredictionLogSchema>;
