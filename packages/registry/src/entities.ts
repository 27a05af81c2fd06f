import { z } from 'zod';
import type { GcArtifactsResult } from './artifacts/gc-artifacts.js';
import {
  ARTIFACT_FORMATS,
  DATASET_FORMATS,
  EVALUATION_STATUSES,
  JOB_KINDS,
  JOB_STATUSES,
  ROLES,
  RUN_STATUSES,
} from './enums.js';
import { ZInputSignatureSchema, ZOutputSignatureSchema } from './schemas.js';
import type {
  AliasEvent,
  ApiKey,
  Dataset,
  Evaluation,
  Experiment,
  Job,
  JsonValue,
  MetricPoint,
  ModelAlias,
  ModelVersion,
  Page,
  Project,
  RegisteredModel,
  RegisteredModelWithVersions,
  Run,
} from './types.js';

// The response shape of every entity, once, as zod schemas (STYLE.md: one owner per shape): the
// API documents its responses with these, and the checks at the end of this file fail to compile
// while a schema and its domain type in `types.ts` differ. The `.meta({ id })` names are the
// OpenAPI document's component names.

const ZTagsOutSchema = z.record(z.string(), z.string());
/** A JSON value as stored (documented as any JSON). */
const ZJsonValueSchema = z.custom<JsonValue>(() => true);

/** A page of a list: `items` and the cursor of the next page (`null` on the last). */
export const ZPageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const ZProjectSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Project' });

export const ZApiKeySchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    name: z.string().nullable(),
    prefix: z.string().describe('First characters of the key, to tell keys apart'),
    role: z.enum(ROLES),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });

export const ZRegisteredModelSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    tags: ZTagsOutSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'RegisteredModel' });

export const ZModelVersionSchema = z
  .object({
    id: z.string(),
    modelId: z.string(),
    projectId: z.string(),
    modelName: z.string(),
    number: z.number().int(),
    format: z.enum(ARTIFACT_FORMATS),
    sha256: z.string(),
    sizeBytes: z.number().int(),
    storageKey: z.string().describe('Derived from the sha256 only'),
    description: z.string().nullable(),
    tags: ZTagsOutSchema,
    sourceRunId: z
      .string()
      .nullable()
      .describe('The run that produced the version (same project), if one was named'),
    inputSignature: ZInputSignatureSchema.nullable().describe(
      'The columns the version expects, in order',
    ),
    outputSignature: ZOutputSignatureSchema.nullable().describe(
      'What the version predicts per row',
    ),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'ModelVersion' });

export const ZRegisteredModelWithVersionsSchema = ZRegisteredModelSchema.extend({
  versions: z.array(ZModelVersionSchema),
}).meta({ id: 'RegisteredModelWithVersions' });

export const ZModelAliasSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    modelId: z.string(),
    modelName: z.string(),
    name: z.string(),
    version: z.number().int().nullable(),
    versionId: z.string().nullable(),
    revision: z.number().int().describe('Pass as expectedRevision to move the alias safely'),
    updatedAt: z.string(),
  })
  .meta({ id: 'ModelAlias' });

export const ZAliasEventSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    modelName: z.string(),
    alias: z.string(),
    revision: z.number().int(),
    fromVersion: z.number().int().nullable(),
    toVersion: z.number().int().nullable(),
    actor: z.string(),
    reason: z.string().nullable(),
    evaluationId: z.string().nullable(),
    at: z.string(),
  })
  .meta({ id: 'AliasEvent' });

export const ZExperimentSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    tags: ZTagsOutSchema,
    createdAt: z.string(),
  })
  .meta({ id: 'Experiment' });

export const ZRunSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    experimentId: z.string(),
    parentRunId: z.string().nullable(),
    name: z.string().nullable(),
    status: z.enum(RUN_STATUSES),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    tags: ZTagsOutSchema,
    createdBy: z.string().nullable(),
    startedAt: z.string(),
    endedAt: z.string().nullable(),
  })
  .meta({ id: 'Run' });

/** A logged metric value (the input, `ZMetricPointSchema`, has optional step and timestamp). */
export const ZLoggedMetricPointSchema = z
  .object({ key: z.string(), step: z.number().int(), value: z.number(), timestamp: z.string() })
  .meta({ id: 'MetricPoint' });

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

export const ZDatasetSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    name: z.string().nullable(),
    format: z
      .enum(DATASET_FORMATS)
      .describe('csv (header row), json ({columns, rows} or records) or parquet (flat columns)'),
    sha256: z.string(),
    sizeBytes: z.number().int(),
    rows: z.number().int(),
    columns: z.array(z.string()),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .describe('An uploaded dataset, stored content-addressed and verified on every read');

export const ZJobSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    kind: z.enum(JOB_KINDS),
    status: z.enum(JOB_STATUSES),
    input: z.record(z.string(), z.unknown()),
    progress: z.object({ fraction: z.number(), message: z.string().nullable() }),
    result: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe('Set once, when the job succeeds'),
    error: z
      .object({ title: z.string(), detail: z.string() })
      .nullable()
      .describe('Why the job failed'),
    evaluationId: z
      .string()
      .nullable()
      .describe('The evaluation a successful evaluation job stored'),
    attempts: z
      .number()
      .int()
      .describe('Times a worker took the job (a retry after a worker stopped counts)'),
    maxAttempts: z.number().int(),
    cancelRequested: z.boolean(),
    workerId: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Job' });

/** What an artifact collection deleted (or, with `dryRun`, would delete) and kept. */
export const ZGcArtifactsResultSchema = z.object({
  deleted: z.array(z.object({ storageKey: z.string(), sha256: z.string(), sizeBytes: z.number() })),
  bytesFreed: z.number(),
  referenced: z.number(),
  recent: z.number(),
  temporaryFilesRemoved: z.number(),
});

// Compile-time checks: each schema's output type is its domain type, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Check<T extends true> = T;
export type EntityShapeChecks = [
  Check<Same<z.output<typeof ZProjectSchema>, Project>>,
  Check<Same<z.output<typeof ZApiKeySchema>, ApiKey>>,
  Check<Same<z.output<typeof ZRegisteredModelSchema>, RegisteredModel>>,
  Check<Same<z.output<typeof ZModelVersionSchema>, ModelVersion>>,
  Check<Same<z.output<typeof ZRegisteredModelWithVersionsSchema>, RegisteredModelWithVersions>>,
  Check<Same<z.output<typeof ZModelAliasSchema>, ModelAlias>>,
  Check<Same<z.output<typeof ZAliasEventSchema>, AliasEvent>>,
  Check<Same<z.output<typeof ZExperimentSchema>, Experiment>>,
  Check<Same<z.output<typeof ZRunSchema>, Run>>,
  Check<Same<z.output<typeof ZLoggedMetricPointSchema>, MetricPoint>>,
  Check<Same<z.output<typeof ZEvaluationSchema>, Evaluation>>,
  Check<Same<z.output<typeof ZDatasetSchema>, Dataset>>,
  Check<Same<z.output<typeof ZJobSchema>, Job>>,
  Check<Same<z.output<ReturnType<typeof ZPageSchema<typeof ZJobSchema>>>, Page<Job>>>,
  Check<Same<z.output<typeof ZGcArtifactsResultSchema>, GcArtifactsResult>>,
];
