import { z } from 'zod';
import {
  EVALUATION_STATUSES,
  ZActorSchema,
  ZIdSchema,
  ZJsonObjectSchema,
  ZSha256Schema,
} from '../common.js';
import { ZMetricKeySchema } from '../metric-points/metric-point.schemas.js';
import { ZModelNameSchema } from '../models/model.schemas.js';
import { ZVersionNumberSchema } from '../versions/version.schemas.js';

export const ZEvaluationStatusSchema = z.enum(EVALUATION_STATUSES);

/**
 * Identifies the data an evaluation ran on: the sha256 of the dataset's bytes, its row count and
 * its column names in order. Two evaluations with equal fingerprints ran on the same data.
 */
export const ZDatasetFingerprintSchema = z
  .object({
    sha256: ZSha256Schema,
    rows: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    columns: z
      .array(z.string().min(1, 'column names must not be empty').max(250))
      .min(1, 'a dataset has at least one column')
      .max(10_000, 'at most 10000 columns'),
  })
  .strict();

/** A confidence interval of a metric value: `lower ≤ upper`, `level` in (0, 1), e.g. 0.95. */
export const ZConfidenceIntervalSchema = z
  .object({
    lower: z.number(),
    upper: z.number(),
    level: z.number().gt(0).lt(1),
    /** How it was computed, e.g. `bootstrap`, `wilson`, `delong`. */
    method: z.string().min(1).max(100).optional(),
  })
  .strict()
  .refine((ci) => ci.lower <= ci.upper, 'confidence interval lower bound exceeds its upper bound');

/**
 * One measured metric: `value` (finite, or `null` when undefined on this data or when the metric
 * has no single number), its `signature` (what makes two values comparable: the metric's params,
 * averaging, positive label, core version…), optionally a confidence interval, and optionally its
 * structured `result` as JSON (a confusion matrix, ROC / PR / calibration curves, per-group
 * tables), stored as computed.
 */
export const ZEvaluationMetricSchema = z
  .object({
    name: ZMetricKeySchema,
    value: z.number().nullable(),
    signature: ZJsonObjectSchema.optional(),
    confidenceInterval: ZConfidenceIntervalSchema.optional(),
    result: ZJsonObjectSchema.optional(),
    /** Why `result` is absent although the metric had one (too large to store). */
    resultOmitted: z.string().min(1).max(500).optional(),
  })
  .strict();

/** An explainer's summary (e.g. global feature importances), as JSON. */
export const ZExplanationSummarySchema = z
  .object({
    explainer: z.string().min(1).max(100),
    summary: ZJsonObjectSchema,
  })
  .strict();

/** At most this many bytes of JSON for an evaluation's metrics, and again for its explanations. */
export const MAX_EVALUATION_JSON_BYTES = 4 * 1024 * 1024;

const fitsJsonBudget = (value: unknown) =>
  Buffer.byteLength(JSON.stringify(value), 'utf8') <= MAX_EVALUATION_JSON_BYTES;

/** A batch test of one model version (`modelName` + `version`) on one dataset. */
export const ZCreateEvaluationSchema = z.object({
  projectId: ZIdSchema,
  modelName: ZModelNameSchema,
  version: ZVersionNumberSchema,
  dataset: ZDatasetFingerprintSchema,
  metrics: z
    .array(ZEvaluationMetricSchema)
    .max(10_000)
    .refine((metrics) => new Set(metrics.map((m) => m.name)).size === metrics.length, {
      message: 'metric names must be unique within an evaluation',
    })
    .refine(fitsJsonBudget, `metrics exceed ${MAX_EVALUATION_JSON_BYTES} bytes of JSON`),
  explanations: z
    .array(ZExplanationSummarySchema)
    .max(1_000)
    .refine(fitsJsonBudget, `explanations exceed ${MAX_EVALUATION_JSON_BYTES} bytes of JSON`)
    .optional(),
  /** @default 'completed' */
  status: ZEvaluationStatusSchema.optional(),
  /** The stored dataset it ran on: a dataset of the same project whose sha256 is `dataset.sha256`. */
  datasetId: ZIdSchema.optional(),
  createdBy: ZActorSchema.optional(),
});

/** Filters of `evaluations.list`: a model, or one version of it. */
export const ZListEvaluationsFilterSchema = z
  .object({
    modelName: ZModelNameSchema.optional(),
    version: ZVersionNumberSchema.optional(),
  })
  .strict()
  .refine((filter) => filter.version === undefined || filter.modelName !== undefined, {
    message: 'version filters need modelName',
    path: ['version'],
  });

export type TCreateEvaluationSchema = z.infer<typeof ZCreateEvaluationSchema>;
export type TListEvaluationsFilterSchema = z.infer<typeof ZListEvaluationsFilterSchema>;
