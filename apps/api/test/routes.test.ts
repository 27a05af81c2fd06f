import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRegistry, type Registry } from '@assay/registry';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnv } from '../src/env.js';
import { prometheusRoute } from '../src/health/health.contract.js';
import { contractOf, toRoutePath } from '../src/http/route.js';
import { AppLogger } from '../src/observability/logger.js';
import type { RouteContract } from '../src/openapi/contract.js';
import { buildOpenApiDocument } from '../src/openapi/document.js';
import { ROUTES } from '../src/routes.js';
import { createApp } from '../src/server.js';

/** Routes Fastify serves outside Nest (the Prometheus scrape, answered before any guard). */
const OUTSIDE_NEST = new Set<RouteContract>([prometheusRoute]);
const ROLES = ['public', 'viewer', 'editor', 'admin'];

const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

/** Every handler Nest routes to, as `METHOD /path`, with the contract it was declared with. */
function nestRoutes(app: NestFastifyApplication): Map<string, ReturnType<typeof contractOf>> {
  const out = new Map<string, ReturnType<typeof contractOf>>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const cls = wrapper.metatype as { prototype: Record<string, unknown> } | null;
      if (!cls) continue;
      const prefix = String(Reflect.getMetadata('path', cls) ?? '/');
      for (const name of Object.getOwnPropertyNames(cls.prototype)) {
        const handler = cls.prototype[name];
        if (typeof handler !== 'function' || name === 'constructor') continue;
        const path = Reflect.getMetadata('path', handler) as string | undefined;
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata('method', handler) as number];
        const full = `/${[prefix, path].join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
        out.set(key(String(method), full), contractOf(handler));
      }
    }
  }
  return out;
}

describe('routes: one declaration each', () => {
  let dataDir: string;
  let registry: Registry;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'assay-routes-'));
    registry = await openRegistry({ dataDir });
    app = await createApp({
      env: readEnv({ ASSAY_DATA_DIR: dataDir }),
      registry,
      tensorflowBackend: 'cpu',
      logger: new AppLogger('json', 'error'),
    });
  });

  afterAll(async () => {
    await app.close();
    await registry.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('the routes Nest serves are the contracts in ROUTES (method and path), each from its @Route', () => {
    const served = nestRoutes(app);
    const declared = ROUTES.filter((r) => !OUTSIDE_NEST.has(r)).map((r) =>
      key(r.method, toRoutePath(r.path)),
    );
    expect([...served.keys()].sort()).toEqual([...declared].sort());
    for (const [route, contract] of served) {
      expect(contract, `${route} is declared with @Route(contract)`).toBeDefined();
      expect(key(contract?.method ?? '', toRoutePath(contract?.path ?? ''))).toBe(route);
    }
  });

  it('Fastify serves every contract in ROUTES, those outside Nest included', () => {
    const fastify = app.getHttpAdapter().getInstance();
    for (const route of ROUTES) {
      expect(
        fastify.hasRoute({ method: route.method.toUpperCase(), url: toRoutePath(route.path) }),
        key(route.method, route.path),
      ).toBe(true);
    }
  });

  it('every contract has a role, and the OpenAPI document states it on each operation', () => {
    const doc = buildOpenApiDocument(ROUTES, 'test') as {
      paths: Record<string, Record<string, { 'x-required-role'?: string; description?: string }>>;
    };
    for (const route of ROUTES) {
      expect(ROLES, route.operationId).toContain(route.role);
      const op = doc.paths[route.path]?.[route.method];
      expect(op?.['x-required-role'], route.operationId).toBe(route.role);
      expect(op?.description).toMatch(route.role === 'public' ? /Public/ : route.role);
    }
    for (const ops of Object.values(doc.paths)) {
      for (const op of Object.values(ops)) expect(ROLES).toContain(op['x-required-role']);
    }
  });
});
