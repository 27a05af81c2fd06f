import {
  DEFAULT_METRIC_PAGE_SIZE,
  integerParam,
  MAX_METRIC_PAGE_SIZE,
  ZFinishRunSchema,
  ZIdSchema,
  ZMetricKeySchema,
  ZMetricKeySummarySchema,
  ZMetricPointSchema,
  ZPageRequestSchema,
} from '@assay/registry';
import { z } from 'zod';
import { ZIdempotencyHeadersSchema } from '../http/idempotency.js';
import { defineRoute } from '../openapi/contract.js';
import { pageOf, ZMetricPointOutSchema, ZRunSchema } from '../openapi/schemas.js';

/** Points accepted in one logging request (the registry takes larger batches from code). */
export const MAX_POINTS_PER_REQUEST = 10_000;

export const ZRunPathSchema = z.object({ run: ZIdSchema.describe('Run id') }).strict();

export const ZLogMetricsBodySchema = z
  .object({
    points: z
      .array(ZMetricPointSchema.strict())
      .min(1, 'send at least one point')
      .max(MAX_POINTS_PER_REQUEST, `send at most ${MAX_POINTS_PER_REQUEST} points per request`),
  })
  .strict();

/** A metric's history pages are larger than other lists: the registry's own limits apply. */
/** `Idempotency-Key`: a retry with the same key stores nothing twice. */
export const ZLogMetricsHeadersSchema = ZIdempotencyHeadersSchema;

/** The most points a downsampled history answers (a chart's width is far less). */
export const MAX_DOWNSAMPLED_POINTS = 10_000;

export const ZMetricHistoryQuerySchema = ZPageRequestSchema.extend({
  key: ZMetricKeySchema.describe('Metric key, e.g. train/loss'),
  limit: integerParam(
    z
      .number()
      .int('limit must be an integer')
      .min(1, 'limit must be at least 1')
      .max(MAX_METRIC_PAGE_SIZE, `limit must be at most ${MAX_METRIC_PAGE_SIZE}`),
  )
    .optional()
    .describe(`Points per page (default ${DEFAULT_METRIC_PAGE_SIZE})`),
  maxPoints: integerParam(
    z
      .number()
      .int('maxPoints must be an integer')
      .min(3, 'maxPoints must be at least 3')
      .max(MAX_DOWNSAMPLED_POINTS, `maxPoints must be at most ${MAX_DOWNSAMPLED_POINTS}`),
  )
    .optional()
    .describe(
      'Downsample the whole history to at most this many points, in one answer; not with cursor or limit. LTTB to maxPoints − 2 points plus the lowest and highest points: the first and last points and the extremes are always kept. A history longer than 8 × maxPoints is downsampled from its envelope, kept as points are logged (per bucket of 4^l steps, the finest level with at most 2 × maxPoints buckets: its first, last, lowest and highest points), not from every point.',
    ),
}).strict();

export const getRunRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/runs/{run}',
  operationId: 'getRun',
  summary: 'A run',
  tag: 'runs',
  pathParams: ZRunPathSchema,
  responses: { 200: { description: 'The run', schema: ZRunSchema } },
});

export const finishRunRoute = defineRoute({
  method: 'post',
  role: 'editor',
  path: '/v1/runs/{run}/finish',
  operationId: 'finishRun',
  summary: 'End a running run (409 if it has already ended)',
  tag: 'runs',
  pathParams: ZRunPathSchema,
  body: ZFinishRunSchema.strict(),
  responses: { 200: { description: 'The ended run', schema: ZRunSchema } },
});

export const logMetricsRoute = defineRoute({
  method: 'post',
  role: 'editor',
  path: '/v1/runs/{run}/metrics',
  operationId: 'logMetrics',
  summary: `Log up to ${MAX_POINTS_PER_REQUEST} metric points at once (all or none are stored)`,
  description:
    'Send an `Idempotency-Key` header (any unique string per batch) to retry safely: a repeat with the same key returns the first answer and stores nothing again; the same key with other points is a 409.',
  tag: 'runs',
  pathParams: ZRunPathSchema,
  headers: ZIdempotencyHeadersSchema,
  body: ZLogMetricsBodySchema,
  responses: {
    201: {
      description: 'How many points were stored',
      schema: z.object({ count: z.number().int() }),
    },
  },
});

export const metricHistoryRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/runs/{run}/metrics',
  operationId: 'metricHistory',
  summary: "One metric's history in step order",
  tag: 'runs',
  pathParams: ZRunPathSchema,
  query: ZMetricHistoryQuerySchema,
  responses: { 200: { description: 'A page of points', schema: pageOf(ZMetricPointOutSchema) } },
});

export const metricKeysRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/runs/{run}/metric-keys',
  operationId: 'metricKeys',
  summary: 'The metric keys a run logged, each with its number of points and step span',
  tag: 'runs',
  pathParams: ZRunPathSchema,
  responses: {
    200: {
      description: 'The keys, in code-point order',
      schema: z.object({ items: z.array(ZMetricKeySummarySchema) }),
    },
  },
});

export const runRoutes = [
  getRunRoute,
  finishRunRoute,
  logMetricsRoute,
  metricHistoryRoute,
  metricKeysRoute,
] as const;
