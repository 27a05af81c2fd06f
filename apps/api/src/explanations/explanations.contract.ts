import {
  ZAliasNameSchema,
  ZModelNameSchema,
  ZProjectNameSchema,
  ZVersionNumberSchema,
} from '@assay/registry';
import { z } from 'zod';
import { ZIdempotencyHeadersSchema } from '../http/idempotency.js';
import { ZJobSchema } from '../jobs/jobs.contract.js';
import { defineRoute } from '../openapi/contract.js';

export const ZExplainBodySchema = z
  .object({
    method: z
      .string()
      .min(1)
      .max(100)
      .describe('Explainer name, from GET /v1/explainers (shap, permutationImportance, …)'),
    input: z
      .unknown()
      .describe("The explainer's input (model spec and data); its schema is in GET /v1/explainers"),
    params: z.unknown().optional().describe("The explainer's options"),
  })
  .strict();

/** A registered model version to explain instead of an inline model spec. */
export const ZModelRefSchema = z
  .object({
    name: ZModelNameSchema,
    version: ZVersionNumberSchema.optional(),
    alias: ZAliasNameSchema.optional(),
  })
  .strict()
  .refine((m) => m.version === undefined || m.alias === undefined, {
    message: 'give a version or an alias, not both (neither: the newest version)',
    path: ['alias'],
  })
  .describe("A registered model's version (by number or alias; neither: the newest)");

/** What a project's explanation request and an explanation job's stored input hold. */
export const ZExplanationJobInputSchema = ZExplainBodySchema.extend({
  model: ZModelRefSchema.optional().describe(
    'Explain this registered version; the input then has no model (it is loaded from the registry)',
  ),
}).strict();

export const ZProjectExplainBodySchema = ZExplanationJobInputSchema.extend({
  async: z
    .boolean()
    .optional()
    .describe('true: run as a job and answer 202 with it (for large data or slow models)'),
}).strict();

export const ZProjectExplainPathSchema = z.object({ project: ZProjectNameSchema }).strict();

export const ZExplainerInfoSchema = z.object({
  name: z.string(),
  description: z.string(),
  inputSchema: z.record(z.string(), z.unknown()),
  paramsSchema: z.record(z.string(), z.unknown()),
});

export const listExplainersRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/explainers',
  operationId: 'listExplainers',
  summary: 'List every explainer with its input and params schemas',
  tag: 'explanations',
  responses: {
    200: {
      description: 'The explainers',
      schema: z.object({ items: z.array(ZExplainerInfoSchema) }),
    },
  },
});

export const explainRoute = defineRoute({
  method: 'post',
  role: 'viewer',
  path: '/v1/explanations',
  operationId: 'explain',
  summary: 'Explain a model: SHAP values, permutation importance, or a surrogate and its fidelity',
  description:
    "The model is given inline as a JSON spec. The answer is the core's Explanation: method, params, seed, feature names, values, base value, additivity or fidelity, timing and signature.",
  tag: 'explanations',
  body: ZExplainBodySchema,
  responses: {
    200: { description: 'The explanation', schema: z.record(z.string(), z.unknown()) },
  },
});

export const projectExplainRoute = defineRoute({
  method: 'post',
  role: 'viewer',
  path: '/v1/projects/{project}/explanations',
  operationId: 'explainInProject',
  summary: 'Explain an inline or a registered model, within the request or as a job',
  description:
    "As POST /v1/explanations, and the model may be a registered version (`model: { name, version | alias }`, loaded once and cached), and any top-level field of `input` may be a slice of an uploaded dataset instead of inline data: `{ dataset: id, columns: [...] }` for a matrix, `{ dataset: id, column }` for a vector, with optional `rows: { start, end }`, e.g. `input: { background: { dataset, columns, rows: { end: 100 } }, instances: { dataset, columns } }`. With `async: true` it runs as a job (202 with the job and a Location header); the job's result is the Explanation. With an `Idempotency-Key` header it runs as a job, and a retry with the same key gets the same job back (the key with another request: 409).",
  tag: 'explanations',
  pathParams: ZProjectExplainPathSchema,
  headers: ZIdempotencyHeadersSchema,
  body: ZProjectExplainBodySchema,
  responses: {
    200: { description: 'The explanation', schema: z.record(z.string(), z.unknown()) },
    202: { description: 'The job that computes it', schema: ZJobSchema },
  },
});

export const explanationRoutes = [listExplainersRoute, explainRoute, projectExplainRoute] as const;
