import { z } from 'zod';
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

export const ZExplainerInfoSchema = z.object({
  name: z.string(),
  description: z.string(),
  inputSchema: z.record(z.string(), z.unknown()),
  paramsSchema: z.record(z.string(), z.unknown()),
});

export const listExplainersRoute = defineRoute({
  method: 'get',
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

export const explanationRoutes = [listExplainersRoute, explainRoute] as const;
