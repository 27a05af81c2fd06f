import { DATASET_FORMATS } from '@assay/core';
import { ZDatasetSchema, ZIdSchema, ZProjectNameSchema } from '@assay/registry';
import { z } from 'zod';
import { ARTIFACT_CONTENT_TYPE } from '../models/upload.js';
import { defineRoute } from '../openapi/contract.js';
import { pageOf, ZPageQuerySchema } from '../openapi/schemas.js';

export const ZDatasetsPathSchema = z.object({ project: ZProjectNameSchema }).strict();
export const ZDatasetPathSchema = z
  .object({ project: ZProjectNameSchema, dataset: ZIdSchema.describe('Dataset id') })
  .strict();

export const ZDatasetFormatSchema = z
  .enum(DATASET_FORMATS)
  .describe('csv (header row), json ({columns, rows} or records) or parquet (flat columns)');

export const ZUploadDatasetQuerySchema = z
  .object({
    format: ZDatasetFormatSchema,
    name: z.string().trim().min(1).max(200).optional().describe('A name to tell datasets apart'),
    expectedSha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional()
      .describe('Refuse the upload if the bytes hash differently (lowercase hex sha256)'),
  })
  .strict();

export { ZDatasetSchema };

export const uploadDatasetRoute = defineRoute({
  method: 'post',
  role: 'editor',
  path: '/v1/projects/{project}/datasets',
  operationId: 'uploadDataset',
  summary: 'Upload a dataset (CSV, JSON or Parquet) to evaluate models on by id',
  description:
    'The file is the raw request body (`application/octet-stream`; a CSV may also be sent as `text/csv`, a Parquet file as `application/vnd.apache.parquet` or `application/x-parquet`), or the `file` part of a multipart form. It is parsed first (a malformed file is refused with what to fix), then stored with its sha256, row count and columns. Evaluations reference it as `dataset: { id }`.',
  tag: 'datasets',
  pathParams: ZDatasetsPathSchema,
  query: ZUploadDatasetQuerySchema,
  rawBody: { contentType: ARTIFACT_CONTENT_TYPE, description: 'The dataset file' },
  responses: { 201: { description: 'The stored dataset', schema: ZDatasetSchema } },
});

export const listDatasetsRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects/{project}/datasets',
  operationId: 'listDatasets',
  summary: "List a project's datasets, newest first",
  tag: 'datasets',
  pathParams: ZDatasetsPathSchema,
  query: ZPageQuerySchema,
  responses: { 200: { description: 'A page of datasets', schema: pageOf(ZDatasetSchema) } },
});

export const getDatasetRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects/{project}/datasets/{dataset}',
  operationId: 'getDataset',
  summary: 'A dataset',
  tag: 'datasets',
  pathParams: ZDatasetPathSchema,
  responses: { 200: { description: 'The dataset', schema: ZDatasetSchema } },
});

export const downloadDatasetRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects/{project}/datasets/{dataset}/content',
  operationId: 'downloadDataset',
  summary: "Download a dataset's file (verified against its sha256)",
  tag: 'datasets',
  pathParams: ZDatasetPathSchema,
  responses: { 200: { description: 'The file as uploaded', contentType: ARTIFACT_CONTENT_TYPE } },
});

export const datasetRoutes = [
  uploadDatasetRoute,
  listDatasetsRoute,
  getDatasetRoute,
  downloadDatasetRoute,
] as const;
