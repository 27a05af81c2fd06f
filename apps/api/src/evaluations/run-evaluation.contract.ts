import { ZEvaluationRequestSchema } from '@assay/core';
import { ZAliasNameSchema, ZModelNameSchema, ZVersionNumberSchema } from '@assay/registry';
import { z } from 'zod';
import { defineRoute } from '../openapi/contract.js';
import { ZEvaluationSchema, ZEvaluationsPathSchema } from './evaluations.contract.js';

/**
 * A batch test: the core's evaluation request (target, features, metrics, confidence) plus which
 * model version to load and the dataset's content.
 */
export const ZRunEvaluationBodySchema = ZEvaluationRequestSchema.extend({
  model: ZModelNameSchema,
  version: ZVersionNumberSchema.optional(),
  alias: ZAliasNameSchema.optional(),
  dataset: z
    .object({
      format: z.enum(['csv', 'json']),
      content: z
        .string()
        .min(1)
        .describe('CSV text with a header row, or JSON {"columns": [...], "rows": [[...]]}'),
    })
    .strict(),
})
  .strict()
  .refine((b) => b.version === undefined || b.alias === undefined, {
    message: 'give a version or an alias, not both (neither: the newest version)',
    path: ['alias'],
  });

export const runEvaluationRoute = defineRoute({
  method: 'post',
  path: '/v1/projects/{project}/evaluations',
  operationId: 'runEvaluation',
  summary: 'Run a batch test of a model version on a dataset and store the report',
  description:
    'Loads the version, predicts every row, computes each metric through the core (with bootstrap confidence intervals if asked) and stores the report with the dataset’s fingerprint. Runs within the request: the dataset is bounded by the JSON body limit.',
  tag: 'evaluations',
  pathParams: ZEvaluationsPathSchema,
  body: ZRunEvaluationBodySchema,
  responses: {
    201: {
      description: 'The stored evaluation and the full report',
      schema: z.object({
        evaluation: ZEvaluationSchema,
        report: z.record(z.string(), z.unknown()),
      }),
    },
  },
});
