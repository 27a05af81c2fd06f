import {
  integerParam,
  MAX_LABEL_BATCH,
  requireShadowTestEnd,
  ZAliasNameSchema,
  ZIdSchema,
  ZLabelsResultSchema,
  ZListPredictionLogSchema,
  ZLogPolicySchema,
  ZModelNameSchema,
  ZPredictionLabelSchema,
  ZPredictionLogEntrySchema,
  ZProjectNameSchema,
  ZSetLogPolicySchema,
  ZShadowTestSchema,
  ZStartShadowTestFieldsSchema,
} from '@assay/registry';
import { z } from 'zod';
import { defineRoute } from '../openapi/contract.js';
import { pageOf, ZPageQuerySchema } from '../openapi/schemas.js';
import { ZShadowReportSchema } from './shadow-report.js';

const base = { project: ZProjectNameSchema, model: ZModelNameSchema };
export const ZModelPathSchema = z.object(base).strict();
export const ZAliasShadowPathSchema = z
  .object({ ...base, alias: ZAliasNameSchema.describe('The alias whose traffic is mirrored') })
  .strict();
export const ZShadowTestPathSchema = z.object({ ...base, id: ZIdSchema }).strict();

/** Body of a start: the registry's schema minus what the path and key supply. */
export const ZStartShadowBodySchema = ZStartShadowTestFieldsSchema.omit({
  projectId: true,
  modelName: true,
  alias: true,
  createdBy: true,
})
  .strict()
  .superRefine(requireShadowTestEnd);

export const ZLabelsBodySchema = z
  .object({
    labels: z
      .array(ZPredictionLabelSchema)
      .min(1, 'send at least one label')
      .max(MAX_LABEL_BATCH, `send at most ${MAX_LABEL_BATCH} labels per batch`),
  })
  .strict();
export const ZLogPolicyBodySchema = ZSetLogPolicySchema.omit({
  projectId: true,
  modelName: true,
}).strict();
export const ZPredictionLogQuerySchema = ZListPredictionLogSchema.extend({
  limit: integerParam(z.number().int().min(1).max(500)).optional(),
}).strict();
export const ZShadowReportQuerySchema = z
  .object({
    buckets: integerParam(z.number().int().min(1).max(200))
      .optional()
      .describe('Time buckets of the agreement chart (default 20)'),
  })
  .strict();

export const startShadowTestRoute = defineRoute({
  method: 'post',
  role: 'editor',
  path: '/v1/projects/{project}/models/{model}/aliases/{alias}/shadow-tests',
  operationId: 'startShadowTest',
  summary: 'Start a shadow test (or, with a remote candidate, a staging test) on an alias',
  description:
    'While it runs, a sampled copy (`sampleFraction`) of each prediction through the alias goes to the candidate — another version, or a remote KServe v2 endpoint under the outbound allow-list — off the request path: callers get the holder’s answer and never wait for, or see the errors of, the candidate. Both answers go to the prediction log. It ends at `endsAt` and/or after `maxRequests` mirrored requests, or when stopped. One test runs per alias at a time (409).',
  tag: 'shadow',
  pathParams: ZAliasShadowPathSchema,
  body: ZStartShadowBodySchema,
  responses: { 201: { description: 'The running test', schema: ZShadowTestSchema } },
});

export const listShadowTestsRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects/{project}/models/{model}/shadow-tests',
  operationId: 'listShadowTests',
  summary: "A model's shadow tests, newest first",
  tag: 'shadow',
  pathParams: ZModelPathSchema,
  query: ZPageQuerySchema,
  responses: { 200: { description: 'A page of tests', schema: pageOf(ZShadowTestSchema) } },
});

export const getShadowTestRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects/{project}/models/{model}/shadow-tests/{id}',
  operationId: 'getShadowTest',
  summary: 'A shadow test',
  tag: 'shadow',
  pathParams: ZShadowTestPathSchema,
  responses: { 200: { description: 'The test', schema: ZShadowTestSchema } },
});

export const stopShadowTestRoute = defineRoute({
  method: 'post',
  role: 'editor',
  path: '/v1/projects/{project}/models/{model}/shadow-tests/{id}/stop',
  operationId: 'stopShadowTest',
  summary: 'Stop a running shadow test early (409 once it has ended)',
  tag: 'shadow',
  pathParams: ZShadowTestPathSchema,
  responses: { 200: { description: 'The stopped test', schema: ZShadowTestSchema } },
});

export const shadowReportRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects/{project}/models/{model}/shadow-tests/{id}/report',
  operationId: 'getShadowReport',
  summary: 'The shadow report: agreement or differences, candidate errors, latencies, labels',
  description:
    'Computed on read from the prediction log (the newest mirrored requests, up to a bound): agreement rate (classifiers) or |difference| percentiles (regressors), the candidate’s error and timeout rates, latency percentiles and histograms of holder and candidate, agreement over time, and, on the labelled rows, the paired comparison.',
  tag: 'shadow',
  pathParams: ZShadowTestPathSchema,
  query: ZShadowReportQuerySchema,
  responses: { 200: { description: 'The report', schema: ZShadowReportSchema } },
});

export const sendLabelsRoute = defineRoute({
  method: 'post',
  role: 'editor',
  path: '/v1/projects/{project}/models/{model}/labels',
  operationId: 'sendLabels',
  summary: 'Labels for predictions, by request id (batched, idempotent)',
  description:
    'Each label is the true value of the rows a prediction request (its `requestId`) predicted: one value per row. A request already labelled with the same value is left as it is (`unchanged`), so a retried batch is stored once; a different value for a labelled request is a 409 and stores nothing of the batch.',
  tag: 'shadow',
  pathParams: ZModelPathSchema,
  body: ZLabelsBodySchema,
  responses: { 200: { description: 'What was stored', schema: ZLabelsResultSchema } },
});

export const getLogPolicyRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects/{project}/models/{model}/prediction-log/policy',
  operationId: 'getPredictionLogPolicy',
  summary: 'Whether the prediction log keeps this model’s inputs',
  tag: 'shadow',
  pathParams: ZModelPathSchema,
  responses: { 200: { description: 'The policy', schema: ZLogPolicySchema } },
});

export const setLogPolicyRoute = defineRoute({
  method: 'put',
  role: 'editor',
  path: '/v1/projects/{project}/models/{model}/prediction-log/policy',
  operationId: 'setPredictionLogPolicy',
  summary: 'Keep (or not) this model’s inputs in the prediction log (default: only their sha256)',
  tag: 'shadow',
  pathParams: ZModelPathSchema,
  body: ZLogPolicyBodySchema,
  responses: { 200: { description: 'The policy', schema: ZLogPolicySchema } },
});

export const listPredictionLogRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects/{project}/models/{model}/prediction-log',
  operationId: 'listPredictionLog',
  summary: "A model's prediction log, newest first (one request's rows, or one shadow test's)",
  tag: 'shadow',
  pathParams: ZModelPathSchema,
  query: ZPredictionLogQuerySchema,
  responses: {
    200: {
      description: 'Logged answers',
      schema: z.object({ items: z.array(ZPredictionLogEntrySchema) }),
    },
  },
});

export const shadowRoutes = [
  startShadowTestRoute,
  listShadowTestsRoute,
  getShadowTestRoute,
  stopShadowTestRoute,
  shadowReportRoute,
  sendLabelsRoute,
  getLogPolicyRoute,
  setLogPolicyRoute,
  listPredictionLogRoute,
] as const;
