import { z } from 'zod';

/**
 * The serialisable part of an evaluation request (what `evaluateModel` takes besides the model
 * and the table), for callers that receive it as JSON — the API validates its body with these.
 */
export const ZEvaluationMetricRequestSchema = z
  .object({
    name: z.string().min(1).max(100).describe('A registered metric (GET /v1/metrics)'),
    params: z.record(z.string(), z.unknown()).optional(),
    inputs: z
      .record(z.string(), z.string().min(1))
      .optional()
      .describe('Other input fields read from table columns, e.g. {"sensitive": "sex"}'),
  })
  .strict();

export const ZEvaluationConfidenceSchema = z
  .object({
    level: z.number().gt(0).lt(1).optional(),
    nResamples: z.number().int().min(1).max(100_000).optional(),
    seed: z.number().int().min(0).optional(),
  })
  .strict();

export const ZEvaluationRequestSchema = z
  .object({
    target: z.string().min(1).describe('The column of true labels or values'),
    features: z.array(z.string().min(1)).min(1).optional(),
    metrics: z.array(ZEvaluationMetricRequestSchema).min(1).max(100),
    confidence: ZEvaluationConfidenceSchema.optional(),
  })
  .strict();

export type TEvaluationRequest = z.infer<typeof ZEvaluationRequestSchema>;
