import { ZPageRequestSchema } from '@assay/registry';
import { z } from 'zod';

/** Response shapes shared by several routes (documentation of the registry's domain types). */
export const ZProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    errorId: z.string().optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

/** Pagination query: the registry's page request, refusing unknown parameters. */
export const ZPageQuerySchema = ZPageRequestSchema.strict();

export const ZModelVersionSchema = z
  .object({
    id: z.string(),
    modelId: z.string(),
    projectId: z.string(),
    modelName: z.string(),
    number: z.number().int(),
    format: z.enum(['tfjs', 'onnx', 'json', 'remote']),
    sha256: z.string(),
    sizeBytes: z.number().int(),
    storageKey: z.string().describe('Derived from the sha256 only'),
    description: z.string().nullable(),
    tags: z.record(z.string(), z.string()),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'ModelVersion' });

export const ZModelSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    tags: z.record(z.string(), z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'RegisteredModel' });

export const ZModelWithVersionsSchema = ZModelSchema.extend({
  versions: z.array(ZModelVersionSchema),
}).meta({ id: 'RegisteredModelWithVersions' });

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

const ZTagsOut = z.record(z.string(), z.string());

export const ZExperimentSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    tags: ZTagsOut,
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
    status: z.enum(['running', 'finished', 'failed', 'killed']),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    tags: ZTagsOut,
    createdBy: z.string().nullable(),
    startedAt: z.string(),
    endedAt: z.string().nullable(),
  })
  .meta({ id: 'Run' });

export const ZMetricPointOutSchema = z
  .object({ key: z.string(), step: z.number().int(), value: z.number(), timestamp: z.string() })
  .meta({ id: 'MetricPoint' });

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
