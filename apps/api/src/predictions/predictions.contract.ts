import { ZFeatureRowsSchema } from '@assay/core';
import {
  ZAliasNameSchema,
  ZIdSchema,
  ZModelNameSchema,
  ZProjectNameSchema,
  ZUnitIdSchema,
  ZVersionNumberSchema,
} from '@assay/registry';
import { z } from 'zod';
import { defineRoute } from '../openapi/contract.js';

export const ZPredictPathSchema = z
  .object({ project: ZProjectNameSchema, model: ZModelNameSchema })
  .strict();

/** Largest batch of rows predicted in one request (bigger ones belong to batch evaluations). */
export const MAX_PREDICT_ROWS = 10_000;

export const ZPredictBodySchema = z
  .object({
    version: ZVersionNumberSchema.optional().describe('A version number'),
    alias: ZAliasNameSchema.optional().describe('Or an alias, e.g. production'),
    unit: z
      .object({
        abTest: ZIdSchema.describe('An A/B test of this model'),
        id: ZUnitIdSchema.describe('The unit (user, session…) the rows belong to'),
      })
      .strict()
      .optional()
      .describe(
        'Or a unit of an A/B test: its assigned variant’s version answers (sticky; the first exposure is recorded), and the response says which (`abTest`, header X-Assay-Ab-Variant)',
      ),
    rows: ZFeatureRowsSchema.describe(
      'Feature rows: arrays in the model’s feature order ([[5.1, 3.5]]), objects keyed by feature name ([{"sepal_length": 5.1, "sepal_width": 3.5}]), or columnar ({"columns": ["sepal_width", "sepal_length"], "data": [[3.5, 5.1]]}, as pandas’ to_dict(orient="split")). Named rows are matched to the version’s feature names, in any order; a missing or extra name is a 400 naming it.',
    ),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.unit !== undefined && (b.version !== undefined || b.alias !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['unit'],
        message: 'give a unit of an A/B test, or a version or an alias, not both',
      });
    }
    if (b.version !== undefined && b.alias !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['alias'],
        message: 'give a version or an alias, not both (neither: the newest version)',
      });
    }
    const count = Array.isArray(b.rows) ? b.rows.length : b.rows.data.length;
    if (count < 1) {
      ctx.addIssue({ code: 'custom', path: ['rows'], message: 'send at least one row' });
    } else if (count > MAX_PREDICT_ROWS) {
      ctx.addIssue({
        code: 'custom',
        path: ['rows'],
        message: `send at most ${MAX_PREDICT_ROWS} rows per request`,
      });
    }
  });

export const predictRoute = defineRoute({
  method: 'post',
  role: 'viewer',
  path: '/v1/projects/{project}/models/{model}/predict',
  operationId: 'predict',
  summary: 'Predict rows with a registered version (by number, alias, or the newest)',
  description:
    'The serialized model is loaded once per version and cached. Rows may be positional (the model’s feature order) or named (objects keyed by feature name, or columnar {columns, data}); named rows are matched to the version’s feature names, so their column order does not matter. Classifiers also answer the class decided for each row.',
  tag: 'predictions',
  pathParams: ZPredictPathSchema,
  body: ZPredictBodySchema,
  responses: {
    200: {
      description: 'One output row per input row',
      schema: z.object({
        requestId: z
          .string()
          .describe('This request’s id (also X-Request-Id): send labels for it later'),
        model: z.string(),
        version: z.number().int(),
        kind: z.enum(['regression', 'probability', 'probabilities']),
        features: z.array(z.string()),
        outputs: z.array(z.array(z.number())),
        classes: z.array(z.union([z.string(), z.number()])).optional(),
        predicted: z.array(z.union([z.string(), z.number()])).optional(),
        abTest: z
          .object({
            id: z.string(),
            variant: z
              .number()
              .int()
              .describe('Variant index (0 = control); -1: the holdout, served the control'),
            name: z.string().nullable(),
            first: z
              .boolean()
              .describe('true when this request recorded the unit’s first exposure'),
          })
          .optional()
          .describe('With a unit: the A/B test variant that answered'),
      }),
    },
  },
});
