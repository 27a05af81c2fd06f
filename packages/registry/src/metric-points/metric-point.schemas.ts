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

/** The most buckets one envelope read may ask for (each is up to four points). */
export const MAX_ENVELOPE_BUCKETS = 100_000;

export const ZMetricEnvelopeOptionsSchema = z.object({
  maxBuckets: z
    .number()
    .int('maxBuckets must be an integer')
    .min(1, 'maxBuckets must be at least 1')
    .max(MAX_ENVELOPE_BUCKETS, `maxBuckets must be at most ${MAX_ENVELOPE_BUCKETS}`),
});
