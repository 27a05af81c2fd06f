import { z } from 'zod';
import { defineRoute } from '../openapi/contract.js';

export const healthRoute = defineRoute({
  method: 'get',
  role: 'public',
  path: '/healthz',
  operationId: 'health',
  summary: 'Liveness: the process answers',
  tag: 'operations',
  responses: { 200: { description: 'Alive', schema: z.object({ status: z.literal('ok') }) } },
});

export const ZInfoSchema = z.object({
  name: z.literal('assay'),
  version: z.string(),
  database: z.enum(['embedded', 'postgres']),
  tensorflowBackend: z.string().describe('TensorFlow.js backend the core selected at load'),
  node: z.string(),
});

export const readyRoute = defineRoute({
  method: 'get',
  role: 'public',
  path: '/readyz',
  operationId: 'ready',
  summary:
    'Readiness: the database (and Redis, when jobs use it) answers; which backends are in use',
  tag: 'operations',
  responses: {
    200: {
      description: 'Ready',
      schema: ZInfoSchema.extend({
        status: z.literal('ready'),
        jobs: z
          .enum(['in-process', 'redis'])
          .describe('Where jobs run: this process, or BullMQ workers through Redis'),
      }),
    },
  },
});

export const infoRoute = defineRoute({
  method: 'get',
  role: 'public',
  path: '/v1/info',
  operationId: 'info',
  summary: 'Server version and the backends in use',
  tag: 'operations',
  responses: { 200: { description: 'Server information', schema: ZInfoSchema } },
});

export const prometheusRoute = defineRoute({
  method: 'get',
  role: 'public',
  path: '/metrics',
  operationId: 'prometheusMetrics',
  summary: 'Prometheus metrics of this process (requests, latency, event loop, memory)',
  tag: 'operations',
  responses: {
    200: { description: 'Prometheus text exposition format', contentType: 'text/plain' },
  },
});
