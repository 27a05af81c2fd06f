import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { AuthedRequest } from '../auth/principal.js';
import type { HttpMetrics } from './http-metrics.js';
import type { AppLogger } from './logger.js';

const CLIENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export type TracedRequest = AuthedRequest & { id?: string };

/**
 * Gives every request an id (the client's `X-Request-Id` if it is sane, else a UUID), echoes it
 * in the response, and when the response is sent logs one structured line and records the
 * Prometheus metrics.
 */
export function requestContext(logger: AppLogger, metrics: HttpMetrics) {
  return (req: Request, res: Response, next: NextFunction) => {
    const traced = req as TracedRequest;
    const given = req.headers['x-request-id'];
    traced.id = typeof given === 'string' && CLIENT_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', traced.id);
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const route = routeTemplate(req);
      metrics.observe(req.method, route, res.statusCode, seconds);
      if (route === '/metrics' || route === '/healthz') return;
      logger.info('request', {
        requestId: traced.id,
        method: req.method,
        route,
        path: req.path.length > 200 ? `${req.path.slice(0, 200)}…` : req.path,
        status: res.statusCode,
        durationMs: Math.round(seconds * 1e5) / 100,
        ...(traced.principal ? { apiKeyId: traced.principal.apiKey.id } : {}),
      });
    });
    next();
  };
}

function routeTemplate(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route?.path;
  if (typeof route === 'string') return `${req.baseUrl}${route}`;
  return 'unmatched';
}
