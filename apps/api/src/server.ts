import 'reflect-metadata';
import type { Registry } from '@assay/registry';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import { AppModule } from './app.module.js';
import type { ApiEnv } from './env.js';
import { sendProblem } from './http/problem.filter.js';
import { HttpMetrics } from './observability/http-metrics.js';
import { AppLogger } from './observability/logger.js';
import { requestContext } from './observability/request-context.js';
import { buildOpenApiDocument } from './openapi/document.js';
import { ROUTES } from './routes.js';
import { API_VERSION, type ServerInfo } from './server-info.js';

export interface CreateAppOptions {
  env: ApiEnv;
  registry: Registry;
  tensorflowBackend: string;
  /** Defaults to the format and level the environment asks for. */
  logger?: AppLogger;
}

/** Builds the Nest application (not yet listening): used by `main.ts` and by tests. */
export async function createApp(options: CreateAppOptions): Promise<NestExpressApplication> {
  const { env, registry } = options;
  const info: ServerInfo = {
    name: 'assay',
    version: API_VERSION,
    database: registry.backend,
    tensorflowBackend: options.tensorflowBackend,
    node: process.version,
  };
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.register(registry, env, info),
    { bodyParser: false, bufferLogs: true },
  );
  const logger = options.logger ?? new AppLogger(env.ASSAY_LOG_FORMAT, env.ASSAY_LOG_LEVEL);
  app.useLogger(logger);
  const metrics = new HttpMetrics();
  app.use(requestContext(logger, metrics));
  app.enableCors({
    origin: env.ASSAY_CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  });
  app.set('query parser', 'simple');

  // JSON bodies only where a JSON content type is sent; raw uploads stream through untouched.
  app.use(express.json({ limit: env.ASSAY_MAX_JSON_BYTES, strict: true }));
  // Errors raised by the body parser never reach Nest's filters: render them here.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) =>
    sendProblem(err, req, res),
  );

  const document = buildOpenApiDocument(ROUTES, API_VERSION);
  const http = app.getHttpAdapter().getInstance() as express.Express;
  http.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  http.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  SwaggerModule.setup('docs', app, document as never, {
    customSiteTitle: 'Assay API',
    jsonDocumentUrl: 'docs/openapi.json',
  });

  await app.init();
  return app;
}
