import {
  integerParam,
  ZEvaluationSchema,
  ZIdSchema,
  ZListEvaluationsFilterSchema,
  ZModelNameSchema,
  ZPageRequestSchema,
  ZProjectNameSchema,
  ZVersionNumberSchema,
} from '@assay/registry';
import { z } from 'zod';
import { defineRoute } from '../openapi/contract.js';
import { pageOf } from '../openapi/schemas.js';

export const ZEvaluationsPathSchema = z.object({ project: ZProjectNameSchema }).strict();
export const ZEvaluationPathSchema = z
  .object({ project: ZProjectNameSchema, evaluation: ZIdSchema.describe('Evaluation id') })
  .strict();

/** Filters of the list: the registry's, as query parameters, plus pagination. */
export const ZListEvaluationsQuerySchema = ZPageRequestSchema.extend({
  model: ZModelNameSchema.optional().describe('Only this model’s evaluations'),
  version: integerParam(ZVersionNumberSchema)
    .optional()
    .describe('Only this version’s (needs model)'),
})
  .strict()
  .superRefine((q, ctx) => {
    const filter = ZListEvaluationsFilterSchema.safeParse({
      ...(q.model !== undefined ? { modelName: q.model } : {}),
      ...(q.version !== undefined ? { version: q.version } : {}),
    });
    if (!filter.success)
      ctx.addIssue({ code: 'custom', path: ['version'], message: 'version needs model' });
  });

export { ZEvaluationSchema };

export const listEvaluationsRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects/{project}/evaluations',
  operationId: 'listEvaluations',
  summary: 'Batch evaluations, newest first; optionally of one model or version',
  tag: 'evaluations',
  pathParams: ZEvaluationsPathSchema,
  query: ZListEvaluationsQuerySchema,
  responses: { 200: { description: 'A page of evaluations', schema: pageOf(ZEvaluationSchema) } },
});

export const getEvaluationRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects/{project}/evaluations/{evaluation}',
  operationId: 'getEvaluation',
  summary: 'One evaluation: dataset fingerprint, metrics with signatures and intervals',
  tag: 'evaluations',
  pathParams: ZEvaluationPathSchema,
  responses: { 200: { description: 'The evaluation', schema: ZEvaluationSchema } },
});

export const evaluationRoutes = [listEvaluationsRoute, getEvaluationRoute] as const;
