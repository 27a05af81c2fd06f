import {
  ZComparisonMetricRequestSchema,
  ZComparisonReportSchema,
  ZEvaluationConfidenceSchema,
} from '@assay/core';
import { z } from 'zod';
import { ZAliasNameSchema } from '../aliases/alias.schemas.js';
import { ZActorSchema, ZIdSchema } from '../common.js';
import { ZDatasetFingerprintSchema } from '../evaluations/evaluation.schemas.js';
import { ZModelNameSchema } from '../models/model.schemas.js';
import { ZVersionNumberSchema } from '../versions/version.schemas.js';

/** At most this many bytes of JSON in a stored comparison report. */
export const MAX_COMPARISON_REPORT_BYTES = 4 * 1024 * 1024;

/** Significance level of the paired tests: `significantlyWorse` is decided at it. */
export const ZAlphaSchema = z
  .number()
  .gt(0, 'alpha must be in (0, 1)')
  .lt(1, 'alpha must be in (0, 1)');

/** One metric to compare: the core's comparison metric request (a registered metric and params). */
export const ZComparisonMetricSchema = ZComparisonMetricRequestSchema;

/**
 * What a comparison computes on the dataset's rows: the target column, optionally the feature
 * columns, the metrics (the core's evaluation metric requests), the paired bootstrap of each
 * delta (`confidence`) and the significance level of the paired tests (`alpha`).
 */
export const ZComparisonSpecSchema = z
  .object({
    target: z.string().min(1, 'target must not be empty').max(250),
    features: z.array(z.string().min(1).max(250)).min(1).max(10_000).optional(),
    metrics: z
      .array(ZComparisonMetricSchema)
      .min(1, 'name at least one metric')
      .max(100, 'at most 100 metrics'),
    confidence: ZEvaluationConfidenceSchema.optional(),
    alpha: ZAlphaSchema.optional(),
  })
  .strict();

/** A computed comparison to store: which versions, on which stored dataset, and the report. */
export const ZCreateComparisonSchema = z
  .object({
    projectId: ZIdSchema,
    modelName: ZModelNameSchema,
    candidateVersion: ZVersionNumberSchema,
    baselineVersion: ZVersionNumberSchema,
    /** The alias the baseline was named by (resolved to its holder when the comparison started). */
    baselineAlias: ZAliasNameSchema.optional(),
    /** The stored dataset it ran on; its sha256 must be `dataset.sha256`. */
    datasetId: ZIdSchema,
    dataset: ZDatasetFingerprintSchema,
    spec: ZComparisonSpecSchema,
    report: ZComparisonReportSchema.refine(
      (report) => Buffer.byteLength(JSON.stringify(report), 'utf8') <= MAX_COMPARISON_REPORT_BYTES,
      `report exceeds ${MAX_COMPARISON_REPORT_BYTES} bytes of JSON`,
    ),
    /** The job that computed it: storing again for the same job returns the first one. */
    jobId: ZIdSchema.optional(),
    createdBy: ZActorSchema.optional(),
  })
  .strict();

export type TComparisonSpecSchema = z.infer<typeof ZComparisonSpecSchema>;
export type TCreateComparisonSchema = z.infer<typeof ZCreateComparisonSchema>;
