import {
  ZAliasNameSchema,
  ZComparisonSchema,
  ZComparisonSpecSchema,
  ZIdSchema,
  ZModelNameSchema,
  ZProjectNameSchema,
  ZVersionNumberSchema,
} from '@assay/registry';
import { z } from 'zod';
import { ZIdempotencyHeadersSchema } from '../http/idempotency.js';
import { ZJobSchema } from '../jobs/jobs.contract.js';
import { defineRoute } from '../openapi/contract.js';
import { pageOf, ZPageQuerySchema } from '../openapi/schemas.js';

export const ZComparisonsPathSchema = z.object({ project: ZProjectNameSchema }).strict();
export const ZComparisonPathSchema = z
  .object({ project: ZProjectNameSchema, comparison: ZIdSchema.describe('Comparison id') })
  .strict();
export const ZModelComparisonsPathSchema = z
  .object({ project: ZProjectNameSchema, model: ZModelNameSchema })
  .strict();

/** A version by number, or the version an alias points at when the comparison starts. */
const ZVersionRefSchema = z.union([
  z.object({ version: ZVersionNumberSchema }).strict(),
  z
    .object({ alias: ZAliasNameSchema.describe('Resolved to its holder at start; recorded') })
    .strict(),
]);

/**
 * What a comparison computes and on what: the registry's comparison spec (target, features,
 * metrics, confidence, alpha) plus the model, the two versions and the stored dataset. A job stores
 * this with the candidate and baseline resolved to numbers.
 */
export const ZComparisonRequestSchema = ZComparisonSpecSchema.extend({
  model: ZModelNameSchema,
  candidate: z.object({ version: ZVersionNumberSchema }).strict(),
  baseline: ZVersionRefSchema,
  datasetId: ZIdSchema.describe('An uploaded dataset (POST …/datasets)'),
}).strict();

export const ZRunComparisonBodySchema = ZComparisonRequestSchema.extend({
  async: z
    .boolean()
    .optional()
    .describe(
      'true: run as a job and answer 202 with it; false: within the request; absent: a job when the dataset has more rows than the server runs within a request, or with an Idempotency-Key',
    ),
}).strict();

/** A stored comparison job's input: versions resolved (the alias kept for the record). */
export const ZComparisonJobInputSchema = ZComparisonSpecSchema.extend({
  model: ZModelNameSchema,
  candidateVersion: ZVersionNumberSchema,
  baselineVersion: ZVersionNumberSchema,
  baselineAlias: ZAliasNameSchema.optional(),
  datasetId: ZIdSchema,
}).strict();

export const runComparisonRoute = defineRoute({
  method: 'post',
  role: 'editor',
  path: '/v1/projects/{project}/comparisons',
  operationId: 'runComparison',
  summary: 'Compare a candidate version with a baseline version on the same rows',
  description:
    'Predicts every row of a stored dataset with both versions (the baseline by number, or by an alias resolved to its holder now and recorded), and reports for each metric both values, the delta, a paired bootstrap interval of the delta (the same resamples for both) and the paired test that fits the metric. Small datasets run within the request (201); large ones, or `async: true`, run as a job (202; the job’s result names the `comparisonId`).',
  tag: 'comparisons',
  pathParams: ZComparisonsPathSchema,
  headers: ZIdempotencyHeadersSchema,
  body: ZRunComparisonBodySchema,
  responses: {
    201: { description: 'The stored comparison report', schema: ZComparisonSchema },
    202: { description: 'The job that runs the comparison', schema: ZJobSchema },
  },
});

export const getComparisonRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects/{project}/comparisons/{comparison}',
  operationId: 'getComparison',
  summary: 'A stored comparison report',
  tag: 'comparisons',
  pathParams: ZComparisonPathSchema,
  responses: { 200: { description: 'The comparison', schema: ZComparisonSchema } },
});

export const listComparisonsRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects/{project}/models/{model}/comparisons',
  operationId: 'listComparisons',
  summary: "A model's comparison reports, newest first",
  tag: 'comparisons',
  pathParams: ZModelComparisonsPathSchema,
  query: ZPageQuerySchema,
  responses: { 200: { description: 'A page of comparisons', schema: pageOf(ZComparisonSchema) } },
});

export const comparisonRoutes = [
  runComparisonRoute,
  getComparisonRoute,
  listComparisonsRoute,
] as const;
