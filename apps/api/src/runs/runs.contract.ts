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

const ZMaxPointsParamSchema = integerParam(
  z
    .number()
    .int('maxPoints must be an integer')
    .min(3, 'maxPoints must be at least 3')
    .max(MAX_DOWNSAMPLED_POINTS, `maxPoints must be at most ${MAX_DOWNSAMPLED_POINTS}`),
);

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
  maxPoints: ZMaxPointsParamSchema.optional().describe(
    'Downsample the whole history to at most this many points, in one answer; not with cursor or limit. LTTB to maxPoints − 2 points plus the lowest and highest points: the first and last points and the extremes are always kept. A history longer than 8 × maxPoints is downsampled from its envelope, kept as points are logged (per bucket of 4^l steps, the finest level with at most 2 × maxPoints buckets: its first, last, lowest and highest points), not from every point.',
  ),
}).strict();

/** The most runs one downsampled comparison request answers. */
export const MAX_DOWNSAMPLED_RUNS = 50;

/** A comma-separated list in a query string, each item checked by `item`, at most `max` of them. */
const commaList = (item: z.ZodType<string, string>, name: string, max: number) =>
  z
    .string()
    .max(max * 260, `${name} is too long`)
    .transform((value) => value.split(','))
    .pipe(
      z
        .array(item)
        .min(1, `list at least one of ${name}`)
        .max(max, `list at most ${max} of ${name}`),
    );

export const ZDownsampledMetricsQuerySchema = z
  .object({
    runs: commaList(ZIdSchema, 'runs', MAX_DOWNSAMPLED_RUNS).describe(
      `Run ids, comma-separated (at most ${MAX_DOWNSAMPLED_RUNS}), all of the key's project`,
    ),
    keys: commaList(ZMetricKeySchema, 'keys', 1_000)
      .optional()
      .describe('Only these metric keys, comma-separated (default: every key of each run)'),
    maxPoints: ZMaxPointsParamSchema.describe(
      'Downsample each history to at most this many points, as the single-run route does',
    ),
  })
  .strict();

export const ZRunDownsampledMetricsSchema = z
  .object({
    run: z.string().describe('Run id'),
    metrics: z
      .array(
        z.object({
          key: z.string(),
          count: z.number().int().describe('Points in the whole history'),
          points: z.array(ZMetricPointOutSchema),
        }),
      )
      .describe('Every key the run logged (or of those asked for), in code-point order'),
  })
  .meta({ id: 'RunDownsampledMetrics' });

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

export const downsampledMetricsRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/runs/metrics/downsampled',
  operationId: 'downsampledMetrics',
  summary: `Several runs' metric histories downsampled, in one answer (up to ${MAX_DOWNSAMPLED_RUNS} runs)`,
  description:
    "For a comparison chart: each run and key answered exactly as `GET /v1/runs/{run}/metrics?key=&maxPoints=` answers it, with the history's number of points, in one request instead of one per run and key. A run of another project, or no run, is a 404.",
  tag: 'runs',
  query: ZDownsampledMetricsQuerySchema,
  responses: {
    200: {
      description: 'The runs in the order asked (each once)',
      schema: z.object({ items: z.array(ZRunDownsampledMetricsSchema) }),
    },
  },
});

export const runRoutes = [
  downsampledMetricsRoute,
  getRunRoute,
  finishRunRoute,
  logMetricsRoute,
  metricHistoryRoute,
  metricKeysRoute,
] as const;
