import {
  ZCreateExperimentSchema,
  ZCreateRunSchema,
  ZNameSchema,
  ZProjectNameSchema,
} from '@assay/registry';
import { z } from 'zod';
import { defineRoute } from '../openapi/contract.js';
import { pageOf, ZExperimentSchema, ZPageQuerySchema, ZRunSchema } from '../openapi/schemas.js';
import { ZRunListQuerySchema } from '../runs/run-list-query.js';

export const ZProjectOnlyPathSchema = z.object({ project: ZProjectNameSchema }).strict();
export const ZExperimentPathSchema = z
  .object({ project: ZProjectNameSchema, experiment: ZNameSchema.describe('Experiment name') })
  .strict();

export const ZCreateExperimentBodySchema = ZCreateExperimentSchema.omit({
  projectId: true,
}).strict();
export const ZStartRunBodySchema = ZCreateRunSchema.omit({
  experimentId: true,
  createdBy: true,
}).strict();

export const createExperimentRoute = defineRoute({
  method: 'post',
  role: 'editor',
  path: '/v1/projects/{project}/experiments',
  operationId: 'createExperiment',
  summary: 'Create an experiment',
  tag: 'experiments',
  pathParams: ZProjectOnlyPathSchema,
  body: ZCreateExperimentBodySchema,
  responses: { 201: { description: 'The experiment', schema: ZExperimentSchema } },
});

export const listExperimentsRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects/{project}/experiments',
  operationId: 'listExperiments',
  summary: "List a project's experiments",
  tag: 'experiments',
  pathParams: ZProjectOnlyPathSchema,
  query: ZPageQuerySchema,
  responses: { 200: { description: 'A page of experiments', schema: pageOf(ZExperimentSchema) } },
});

export const getExperimentRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects/{project}/experiments/{experiment}',
  operationId: 'getExperiment',
  summary: 'An experiment',
  tag: 'experiments',
  pathParams: ZExperimentPathSchema,
  responses: { 200: { description: 'The experiment', schema: ZExperimentSchema } },
});

export const startRunRoute = defineRoute({
  method: 'post',
  role: 'editor',
  path: '/v1/projects/{project}/experiments/{experiment}/runs',
  operationId: 'startRun',
  summary: 'Start a run (status running)',
  tag: 'runs',
  pathParams: ZExperimentPathSchema,
  body: ZStartRunBodySchema,
  responses: { 201: { description: 'The run', schema: ZRunSchema } },
});

export const listRunsRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects/{project}/experiments/{experiment}/runs',
  operationId: 'listRuns',
  summary: "List an experiment's runs: newest first, or sorted and filtered by the database",
  tag: 'runs',
  pathParams: ZExperimentPathSchema,
  query: ZRunListQuerySchema,
  responses: { 200: { description: 'A page of runs', schema: pageOf(ZRunSchema) } },
});

export const experimentRoutes = [
  createExperimentRoute,
  listExperimentsRoute,
  getExperimentRoute,
  startRunRoute,
  listRunsRoute,
] as const;
