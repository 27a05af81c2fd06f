import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthedRequest } from '../auth/principal.js';
import type { HttpTelemetry } from './http-telemetry.js';
import type { AppLogger } from './logger.js';

const CLIENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Fastify's `genReqId`: the client's `X-Request-Id` if it is sane, else a UUID. Fastify keeps it
 * as `request.id`, so nothing else has to carry it.
 */
export function requestId(raw: IncomingMessage): string {
  const given = raw.headers['x-request-id'];
  return typeof given === 'string' && CLIENT_ID.test(given) ? given : randomUUID();
}

/**
 * Echoes every request's id in the response and, once the response is sent, records the
 * Prometheus metrics and logs one structured line. Hooks on the Fastify instance rather than
 * Nest middleware: they need no closure or listener per request, and they also see requests
 * that never reach a controller (404s, bodies Fastify refuses).
 */
export function installRequestContext(
  fastify: FastifyInstance,
  logger: AppLogger,
  telemetry: HttpTelemetry,
): void {
  fastify.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done) => {
    reply.header('X-Request-Id', req.id);
    done();
  });
  fastify.addHook('onResponse', (req: FastifyRequest, reply: FastifyReply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    const ms = reply.elapsedTime;
    telemetry.observe(req.method, route, status, ms / 1000);
    // The level is checked before the line's fields are built: at `warn` a busy API allocates
    // nothing for request logs.
    if (route !== '/metrics' && route !== '/healthz' && logger.enabled('info')) {
      const path = pathOf(req.url);
      const principal = (req as AuthedRequest).principal;
      logger.info('request', {
        requestId: req.id,
        method: req.method,
        route,
        path: path.length > 200 ? `${path.slice(0, 200)}…` : path,
        status,
        durationMs: Math.round(ms * 100) / 100,
        ...(principal ? { apiKeyId: principal.apiKey.id } : {}),
      });
    }
    done();
  });
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}
