import { z } from 'zod';
import { ZIdempotencyKeySchema, ZIdSchema, ZInstantSchema } from '../common.js';

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

export const ZLogMetricsOptionsSchema = z.object({
  idempotencyKey: ZIdempotencyKeySchema.optional(),
});

export type TMetricPointSchema = z.infer<typeof ZMetricPointSchema>;
