import {
  ZAliasNameSchema,
  ZModelNameSchema,
  ZProjectNameSchema,
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
    rows: z
      .array(z.array(z.number()))
      .min(1, 'send at least one row')
      .max(MAX_PREDICT_ROWS, `send at most ${MAX_PREDICT_ROWS} rows per request`)
      .describe('Feature rows, in the model’s feature order'),
  })
  .strict()
  .refine((b) => b.version === undefined || b.alias === undefined, {
    message: 'give a version or an alias, not both (neither: the newest version)',
    path: ['alias'],
  });

export const predictRoute = defineRoute({
  method: 'post',
  path: '/v1/projects/{project}/models/{model}/predict',
  operationId: 'predict',
  summary: 'Predict rows with a registered version (by number, alias, or the newest)',
  description:
    'The serialized model is loaded once per version and cached. Classifiers also answer the class decided for each row.',
  tag: 'predictions',
  pathParams: ZPredictPathSchema,
  body: ZPredictBodySchema,
  responses: {
    200: {
      description: 'One output row per input row',
      schema: z.object({
        model: z.string(),
        version: z.number().int(),
        kind: z.enum(['regression', 'probability', 'probabilities']),
        features: z.array(z.string()),
        outputs: z.array(z.array(z.number())),
        classes: z.array(z.union([z.string(), z.number()])).optional(),
        predicted: z.array(z.union([z.string(), z.number()])).optional(),
      }),
    },
  },
});
