import { listMetrics } from '@assay/core';
import { z } from 'zod';
import type { RouteContract, RouteRole } from './contract.js';
import { hoistJsonSchema, toOpenApiSchema } from './json-schema.js';
import { ZProblemSchema } from './schemas.js';

type Json = Record<string, unknown>;

/**
 * Problems any route may answer: the same shared set, with the problem schema, on every route.
 * 422: an input above a compute bound (limit-exceeded); 503: the compute pool is full (Retry-After)
 * or a dependency is unavailable.
 */
const ERROR_STATUSES = [400, 401, 403, 404, 409, 413, 415, 422, 500, 503] as const;
/** 429: the per-key rate limit, on routes that take a key. */
const RATE_LIMITED = 429;
/** 502: a remote model (KServe v2) failed, on routes that run a model. */
const REMOTE_MODEL_FAILED = 502;
const MODEL_RUNNING_TAGS = new Set(['predictions', 'evaluations', 'explanations']);

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  429: 'Problem details: too many requests for this API key (see Retry-After)',
  500: 'Problem details: an unexpected error (its errorId is in the server log)',
  502: 'Problem details: a remote model failed or answered something unusable',
  422: 'Problem details: the input is above a bound the computation must stay within (the detail names it)',
  503: 'Problem details: every compute thread is busy (see Retry-After), or the database is unavailable',
};

/**
 * Builds the OpenAPI 3.1 document from the route contracts and the core's metric registry:
 * every metric gets its own documented path with its input, params and result schemas.
 */
export function buildOpenApiDocument(routes: readonly RouteContract[], version: string): Json {
  const components: Record<string, Json> = {};
  const problemRef = toOpenApiSchema(ZProblemSchema, components, 'output');
  const paths: Record<string, Record<string, Json>> = {};

  for (const route of routes) {
    const parameters: Json[] = [];
    for (const [where, obj] of [
      ['path', route.pathParams],
      ['query', route.query],
      ['header', route.headers],
    ] as const) {
      if (!obj) continue;
      for (const [name, prop] of Object.entries(obj.shape)) {
        const schema = toOpenApiSchema(prop as z.ZodType, components, 'input');
        parameters.push({
          name,
          in: where,
          required: where === 'path' || !(prop as z.ZodType).safeParse(undefined).success,
          schema,
          ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
        });
      }
    }
    const op: Json = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      description: withRole(route.description, route.role),
      'x-required-role': route.role,
      ...(parameters.length ? { parameters } : {}),
      ...(route.role === 'public' ? { security: [] } : {}),
      responses: responsesOf(route.responses, components, problemRef, [
        ...(route.role === 'public' ? [] : [RATE_LIMITED]),
        ...(MODEL_RUNNING_TAGS.has(route.tag) ? [REMOTE_MODEL_FAILED] : []),
      ]),
    };
    if (route.body) {
      op.requestBody = {
        required: true,
        content: {
          'application/json': { schema: toOpenApiSchema(route.body, components, 'input') },
        },
      };
    } else if (route.rawBody) {
      op.requestBody = {
        required: true,
        description: route.rawBody.description,
        content: {
          [route.rawBody.contentType]: { schema: { type: 'string', format: 'binary' } },
          ...(route.rawBody.multipart
            ? {
                'multipart/form-data': {
                  schema: {
                    type: 'object',
                    properties: {
                      metadata: toOpenApiSchema(
                        route.rawBody.multipart.metadata,
                        components,
                        'input',
                      ),
                      [route.rawBody.multipart.fileField]: { type: 'string', format: 'binary' },
                    },
                    required: [route.rawBody.multipart.fileField],
                  },
                  encoding: { metadata: { contentType: 'application/json' } },
                },
              }
            : {}),
        },
      };
    }
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, Json>)[route.method] = op;
  }

  const metricRoute = routes.find((r) => r.operationId === 'computeMetric');
  const metricRole = metricRoute?.role ?? 'viewer';
  for (const metric of listMetrics()) {
    const body = {
      type: 'object',
      properties: {
        input: hoistJsonSchema(metric.inputSchema as Json, components),
        params: hoistJsonSchema(metric.paramsSchema as Json, components),
      },
      required: ['input'],
      additionalProperties: false,
    };
    paths[`/v1/metrics/${metric.name}`] = {
      post: {
        operationId: `computeMetric_${metric.name}`,
        summary: `Compute ${metric.name}`,
        description: withRole(metric.description, metricRole),
        'x-required-role': metricRole,
        tags: [`metrics: ${metric.family}`],
        requestBody: { required: true, content: { 'application/json': { schema: body } } },
        responses: {
          200: {
            description: `The ${metric.name} result`,
            content: {
              'application/json': {
                schema: hoistJsonSchema(metric.resultSchema as Json, components),
              },
            },
          },
          ...problemResponses(problemRef, [], [RATE_LIMITED]),
        },
      },
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Assay API',
      version,
      description:
        'Evaluate, explain and safely ship machine-learning models. Authenticate with `Authorization: Bearer <api key>`. Errors are RFC 9457 problem details.',
    },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An Assay API key (`assay_…`)' },
      },
    },
  };
}

/** A sentence saying who may call the operation, after its own description. */
export function roleSentence(role: RouteRole): string {
  return role === 'public'
    ? 'Public: needs no API key.'
    : `Requires an API key with the ${role} role${role === 'admin' ? '' : ' or higher'}.`;
}

function withRole(description: string | undefined, role: RouteRole): string {
  return description ? `${description}\n\n${roleSentence(role)}` : roleSentence(role);
}

function responsesOf(
  responses: RouteContract['responses'],
  components: Record<string, Json>,
  problemRef: Json,
  extraStatuses: number[],
): Json {
  const out: Json = {};
  for (const [status, r] of Object.entries(responses)) {
    out[status] = {
      description: r.description,
      ...(r.schema
        ? {
            content: {
              [r.contentType ?? 'application/json']: {
                schema: toOpenApiSchema(r.schema, components, 'output'),
              },
            },
          }
        : r.contentType
          ? { content: { [r.contentType]: { schema: { type: 'string', format: 'binary' } } } }
          : {}),
    };
  }
  return { ...out, ...problemResponses(problemRef, Object.keys(out), extraStatuses) };
}

function problemResponses(problemRef: Json, taken: string[], extraStatuses: number[]): Json {
  const out: Json = {};
  for (const status of [...ERROR_STATUSES, ...extraStatuses].sort((a, b) => a - b)) {
    if (taken.includes(String(status))) continue;
    out[status] = {
      description: PROBLEM_DESCRIPTIONS[status] ?? 'Problem details',
      content: { 'application/problem+json': { schema: problemRef } },
    };
  }
  return out;
}
