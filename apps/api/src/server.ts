import 'reflect-metadata';
import type { Registry } from '@assay/registry';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppModule } from './app.module.js';
import { type ApiEnv, computePoolOptions } from './env.js';
import { installBodyParsers } from './http/body-parsers.js';
import { installCreatedLocation } from './http/location.js';
import { sendProblem } from './http/problem.filter.js';
import { installParameterGuard } from './http/text-guard.js';
import { ComputePool } from './jobs/compute/compute-pool.js';
import { computeTelemetry } from './observability/compute-telemetry.js';
import { HttpTelemetry } from './observability/http-telemetry.js';
import { JobTelemetry, registerJobTelemetry } from './observability/job-telemetry.js';
import { AppLogger } from './observability/logger.js';
import { installRequestContext, requestId } from './observability/request-context.js';
import { buildOpenApiDocument } from './openapi/document.js';
import { createOutbound } from './outbound/outbound.js';
import type { Resolver } from './outbound/outbound-policy.js';
import { ROUTES } from './routes.js';
import { API_VERSION, type ServerInfo } from './server-info.js';

export const CORS_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
export const CORS_EXPOSED_HEADERS = [
  'Location',
  'Retry-After',
  'X-Request-Id',
  'WWW-Authenticate',
  'X-Assay-Sha256',
  'X-Assay-Ab-Variant',
];

export interface CreateAppOptions {
  env: ApiEnv;
  registry: Registry;
  tensorflowBackend: string;
  /** Defaults to the format and level the environment asks for. */
  logger?: AppLogger;
  /** Resolves host names for the outbound policy. @default the system's DNS (`dns.lookup`) */
  resolver?: Resolver;
}

/**
 * Builds the Nest application (not yet listening): used by `main.ts` and by tests.
 *
 * On Fastify rather than Express (issue 6): with the same JSON body, a bare Express app with its
 * JSON parser answered at 43 % of a bare node:http server on our benchmark machine, below the
 * 50 % the whole API has to reach; a bare Fastify app answered at the bare server's rate.
 */
export async function createApp(options: CreateAppOptions): Promise<NestFastifyApplication> {
  const { env, registry } = options;
  const info: ServerInfo = {
    name: 'assay',
    version: API_VERSION,
    database: registry.backend,
    tensorflowBackend: options.tensorflowBackend,
    node: process.version,
  };
  const adapter = new FastifyAdapter({
    bodyLimit: env.ASSAY_MAX_JSON_BYTES,
    genReqId: requestId,
    requestIdHeader: false,
    // Node's own default, which Fastify turns off: a client that never finishes its request
    // is dropped after five minutes (as it was on Express).
    requestTimeout: 300_000,
    // As on Express: `/v1/metrics/` is `/v1/metrics`, and a long path segment reaches the
    // route's validation (a 400 naming the parameter) instead of the router's bare 414.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 16 * 1024 },
    // A URL the router cannot decode is answered before any hook or Nest filter runs.
    frameworkErrors: (error: Error, req: FastifyRequest, reply: FastifyReply) => {
      reply.header('X-Request-Id', req.id);
      sendProblem(error, req, reply);
    },
  });
  const logger = options.logger ?? new AppLogger(env.ASSAY_LOG_FORMAT, env.ASSAY_LOG_LEVEL);
  const telemetry = new HttpTelemetry();
  registerJobTelemetry(telemetry.prometheus, registry);
  const jobTelemetry = new JobTelemetry(telemetry.prometheus);
  const outbound = createOutbound(
    env.ASSAY_REMOTE_ALLOWED_HOSTS,
    options.resolver,
    env.ASSAY_REMOTE_MAX_RESPONSE_BYTES,
  );
  const compute: ComputePool = new ComputePool({
    ...computePoolOptions(env),
    outbound,
    onEnd: computeTelemetry(telemetry.prometheus, () => compute.load),
  });
  const fastify = adapter.getInstance();
  // Before Nest adds its routes, so that every route gets the hooks and the parsers.
  installRequestContext(fastify, logger, telemetry);
  installParameterGuard(fastify);
  installCreatedLocation(fastify);
  installBodyParsers(fastify, env.ASSAY_MAX_JSON_BYTES);

  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(registry, env, info, jobTelemetry, outbound, compute),
    adapter,
    { bodyParser: false, bufferLogs: true },
  );
  app.useLogger(logger);
  app.enableCors({
    origin: env.ASSAY_CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    // Every method a route uses (the default was GET, HEAD and POST: no alias move or key
    // revocation from a browser), and the response headers a client needs to read.
    methods: CORS_METHODS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
  });

  const document = buildOpenApiDocument(ROUTES, API_VERSION);
  fastify.get('/openapi.json', (_req, reply) => {
    reply.send(document);
  });
  fastify.get('/metrics', async (_req, reply) => {
    reply.type(telemetry.prometheus.contentType).send(await telemetry.prometheus.metrics());
  });
  SwaggerModule.setup('docs', app, document as never, {
    customSiteTitle: 'Assay API',
    jsonDocumentUrl: 'docs/openapi.json',
  });

  await app.init();
  return app;
}
