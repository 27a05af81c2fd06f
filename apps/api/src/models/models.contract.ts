import {
  integerParam,
  ZCreateVersionMetaSchema,
  ZCreateVersionSchema,
  ZModelNameSchema,
  ZProjectNameSchema,
  ZRegisterModelSchema,
  ZVersionNumberSchema,
} from '@assay/registry';
import { z } from 'zod';
import { defineRoute } from '../openapi/contract.js';
import {
  pageOf,
  ZModelSchema,
  ZModelVersionSchema,
  ZModelWithVersionsSchema,
  ZPageQuerySchema,
} from '../openapi/schemas.js';
import { ARTIFACT_CONTENT_TYPE } from './upload.js';

const projectName = ZProjectNameSchema.describe('Project name');
const modelName = ZModelNameSchema.describe('Registered model name');

export const ZProjectPathSchema = z.object({ project: projectName }).strict();
export const ZModelPathSchema = z.object({ project: projectName, model: modelName }).strict();
export const ZVersionPathSchema = ZModelPathSchema.extend({
  version: integerParam(ZVersionNumberSchema).describe('Version number'),
}).strict();

/** Body of model registration: the registry's own schema, minus what the path supplies. */
export const ZRegisterModelBodySchema = ZRegisterModelSchema.omit({ projectId: true }).strict();

/**
 * Query of a version upload: the registry's version metadata, minus what the path and the key
 * supply (and tags, which a query string cannot carry faithfully).
 */
export const ZUploadVersionQuerySchema = ZCreateVersionMetaSchema.omit({
  projectId: true,
  modelName: true,
  createdBy: true,
  tags: true,
}).strict();

/**
 * What a multipart upload's `metadata` field may add to the query: the registry's version fields
 * that a query string cannot carry (signatures, tags, lineage).
 */
export const ZVersionMetadataSchema = ZCreateVersionSchema.pick({
  description: true,
  tags: true,
  sourceRunId: true,
  inputSignature: true,
  outputSignature: true,
})
  .strict()
  .describe(
    'Version metadata (JSON): description, tags, sourceRunId (the run that produced it), inputSignature ({features: [{name, type}]}) and outputSignature (regression, or probability / probabilities with the classes: how an ONNX file’s output is read)',
  );

export const listModelsRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects/{project}/models',
  operationId: 'listModels',
  summary: 'List registered models with their versions',
  tag: 'models',
  pathParams: ZProjectPathSchema,
  query: ZPageQuerySchema,
  responses: { 200: { description: 'A page of models', schema: pageOf(ZModelWithVersionsSchema) } },
});

export const registerModelRoute = defineRoute({
  method: 'post',
  role: 'editor',
  path: '/v1/projects/{project}/models',
  operationId: 'registerModel',
  summary: 'Register a model',
  tag: 'models',
  pathParams: ZProjectPathSchema,
  body: ZRegisterModelBodySchema,
  responses: { 201: { description: 'The registered model', schema: ZModelSchema } },
});

export const getModelRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects/{project}/models/{model}',
  operationId: 'getModel',
  summary: 'A registered model',
  tag: 'models',
  pathParams: ZModelPathSchema,
  responses: { 200: { description: 'The model', schema: ZModelSchema } },
});

export const createVersionRoute = defineRoute({
  method: 'post',
  role: 'editor',
  path: '/v1/projects/{project}/models/{model}/versions',
  operationId: 'createModelVersion',
  summary: 'Upload a new version of a model',
  description:
    'The artifact is the raw request body, or the `artifact` part of a multipart form whose `metadata` field (JSON, before the file) carries the signatures, tags and source run. It is stored content-addressed with its sha256; pass `expectedSha256` to have the upload refused if the bytes differ. An ONNX classifier needs an outputSignature with its classes (its `probabilities` output is then read).',
  tag: 'models',
  pathParams: ZModelPathSchema,
  query: ZUploadVersionQuerySchema,
  rawBody: {
    contentType: ARTIFACT_CONTENT_TYPE,
    description: 'The serialized model',
    multipart: { fileField: 'artifact', metadata: ZVersionMetadataSchema },
  },
  responses: { 201: { description: 'The new version', schema: ZModelVersionSchema } },
});

export const listVersionsRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects/{project}/models/{model}/versions',
  operationId: 'listModelVersions',
  summary: "List a model's versions",
  tag: 'models',
  pathParams: ZModelPathSchema,
  query: ZPageQuerySchema,
  responses: { 200: { description: 'A page of versions', schema: pageOf(ZModelVersionSchema) } },
});

export const getVersionRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects/{project}/models/{model}/versions/{version}',
  operationId: 'getModelVersion',
  summary: 'A model version',
  tag: 'models',
  pathParams: ZVersionPathSchema,
  responses: { 200: { description: 'The version', schema: ZModelVersionSchema } },
});

export const downloadArtifactRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects/{project}/models/{model}/versions/{version}/artifact',
  operationId: 'downloadModelArtifact',
  summary: "Download a version's artifact (verified against its sha256)",
  tag: 'models',
  pathParams: ZVersionPathSchema,
  responses: { 200: { description: 'The artifact bytes', contentType: ARTIFACT_CONTENT_TYPE } },
});

export const modelRoutes = [
  listModelsRoute,
  registerModelRoute,
  getModelRoute,
  createVersionRoute,
  listVersionsRoute,
  getVersionRoute,
  downloadArtifactRoute,
] as const;
