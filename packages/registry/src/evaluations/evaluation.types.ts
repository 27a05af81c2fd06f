import { z } from 'zod';
import {
  type Check,
  EVALUATION_STATUSES,
  type JsonValue,
  type Same,
  ZJsonValueSchema,
} from '../common.js';

// Domain types (plain objects, dates as ISO-8601 strings, never Prisma types) and their response
// schema, checked equal at compile time.

export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];

/** The data an evaluation ran on. */
export interface DatasetFingerprint {
  /** Hex sha256 of the dataset's bytes. */
  sha256: string;
  rows: number;
  /** Column names, in order. */
  columns: string[];
}

export interface ConfidenceInterval {
  lower: number;
  upper: number;
  /** e.g. 0.95 */
  level: number;
  method?: string;
}

export interface EvaluationMetric {
  name: string;
  /** `null` when the metric is undefined on this data. */
  value: number | null;
  /** What makes two values comparable (params, averaging, positive label, core version…). */
  signature?: Record<string, JsonValue>;
  confidenceInterval?: ConfidenceInterval;
  /** The metric's structured result (matrices, curves, per-group tables), as JSON. */
  result?: Record<string, JsonValue>;
  /** Why `result` is absent although the metric had one (too large to store). */
  resultOmitted?: string;
}

export interface ExplanationSummary {
  explainer: string;
  summary: Record<string, JsonValue>;
}

/** A batch test of one model version on one dataset. */
export interface Evaluation {
  id: string;
  projectId: string;
  modelId: string;
  modelName: string;
  /** The evaluated version's number. */
  version: number;
  versionId: string;
  status: EvaluationStatus;
  dataset: DatasetFingerprint;
  metrics: EvaluationMetric[];
  explanations: ExplanationSummary[];
  /** The stored dataset it ran on, if the caller named one. */
  datasetId: string | null;
  createdBy: string | null;
  createdAt: string;
}

export const ZEvaluationSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    modelId: z.string(),
    modelName: z.string(),
    version: z.number().int(),
    versionId: z.string(),
    status: z.enum(EVALUATION_STATUSES),
    dataset: z.object({ sha256: z.string(), rows: z.number().int(), columns: z.array(z.string()) }),
    metrics: z.array(
      z.object({
        name: z.string(),
        value: z.number().nullable(),
        signature: z.record(z.string(), ZJsonValueSchema).optional(),
        confidenceInterval: z
          .object({
            lower: z.number(),
            upper: z.number(),
            level: z.number(),
            method: z.string().optional(),
          })
          .optional(),
        result: z
          .record(z.string(), ZJsonValueSchema)
          .optional()
          .describe(
            'The structured result of metrics that have one (confusion matrix, ROC / PR / calibration curves, per-group tables), as computed',
          ),
        resultOmitted: z
          .string()
          .optional()
          .describe('Why result is absent although the metric had one (too large to store)'),
      }),
    ),
    explanations: z.array(
      z.object({ explainer: z.string(), summary: z.record(z.string(), ZJsonValueSchema) }),
    ),
    datasetId: z.string().nullable().describe('The stored dataset it ran on, if one was named'),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Evaluation' });

type _ShapeChecks = [Check<Same<z.output<typeof ZEvaluationSchema>, Evaluation>>];
