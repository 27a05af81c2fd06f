import { z } from 'zod';
import { defineRoute } from '../openapi/contract.js';

export const ZMetricNamePathSchema = z
  .object({ name: z.string().min(1).max(100).describe('Metric name, from GET /v1/metrics') })
  .strict();

export const ZComputeMetricBodySchema = z
  .object({
    input: z.unknown().describe("The metric's input; its schema is in GET /v1/metrics"),
    params: z.unknown().optional().describe("The metric's options"),
  })
  .strict();

export const ZMetricInfoSchema = z.object({
  name: z.string(),
  family: z.string(),
  description: z.string(),
  inputSchema: z.record(z.string(), z.unknown()),
  paramsSchema: z.record(z.string(), z.unknown()),
  resultSchema: z.record(z.string(), z.unknown()),
});

export const listMetricsRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/metrics',
  operationId: 'listMetrics',
  summary: 'List every metric with its input, params and result schemas',
  tag: 'metrics',
  responses: {
    200: {
      description: 'The metric registry',
      schema: z.object({ items: z.array(ZMetricInfoSchema) }),
    },
  },
});

export const computeMetricRoute = defineRoute({
  method: 'post',
  role: 'viewer',
  path: '/v1/metrics/{name}',
  operationId: 'computeMetric',
  summary: 'Compute a metric',
  description:
    'Each metric also has its own path below with its exact input and params schemas. Bad input gets a 400 that says which field is wrong and what was expected.',
  tag: 'metrics',
  pathParams: ZMetricNamePathSchema,
  body: ZComputeMetricBodySchema,
  responses: {
    200: {
      description: "The metric's result object (NaN as null)",
      schema: z.record(z.string(), z.unknown()),
    },
  },
});
