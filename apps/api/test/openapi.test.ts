import { readFileSync } from 'node:fs';
import { listMetrics } from '@assay/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../src/openapi/document.js';
import { ROUTES } from '../src/routes.js';
import { API_VERSION } from '../src/server-info.js';
import { type Harness, readJson, startHarness } from './harness.js';

describe('OpenAPI document', () => {
  let h: Harness;
  let doc: {
    openapi: string;
    paths: Record<string, Record<string, unknown>>;
    components: { schemas: Record<string, unknown> };
  };
  beforeAll(async () => {
    h = await startHarness();
    doc = await readJson<typeof doc>(await h.call('/openapi.json', { key: null }));
  });
  afterAll(() => h?.close());

  it('is OpenAPI 3.1 and documents every route contract', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const route of ROUTES) expect(doc.paths[route.path]?.[route.method]).toBeDefined();
  });

  it('documents every registered metric at its own path with its input schema', () => {
    for (const metric of listMetrics()) {
      const op = doc.paths[`/v1/metrics/${metric.name}`]?.post as {
        requestBody: {
          content: Record<string, { schema: { properties: Record<string, unknown> } }>;
        };
      };
      expect(op.requestBody.content['application/json']?.schema.properties.input).toBeDefined();
    }
  });

  it('has no dangling $ref', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)];
    for (const [, name] of refs) expect(doc.components.schemas[name as string]).toBeDefined();
    expect(JSON.stringify(doc)).not.toContain('#/$defs/');
  });

  it('every documented route is served (no route falls through to “Cannot …”)', async () => {
    for (const route of ROUTES) {
      const path = route.path
        .replace('{project}', 'default')
        .replace('{model}', 'absent')
        .replace('{version}', '1')
        .replace('{name}', 'accuracy')
        .replace('{experiment}', 'absent')
        .replace('{alias}', 'production')
        .replace('{run}', '00000000-0000-4000-8000-000000000000')
        .replace('{evaluation}', '00000000-0000-4000-8000-000000000000')
        .replace('{key}', '00000000-0000-4000-8000-000000000000');
      const res = await h.call(path, {
        method: route.method.toUpperCase(),
        ...(route.method === 'post'
          ? { headers: { 'content-type': 'application/json' }, body: '{}' }
          : {}),
      });
      const text = await res.text();
      expect(text, `${route.method} ${path}`).not.toMatch(/Cannot (GET|POST|PUT|DELETE)/);
      expect(res.status, `${route.method} ${path}: ${text}`).toBeLessThan(500);
    }
  });

  it('matches the snapshot the TypeScript client is generated from', () => {
    const snapshot = JSON.parse(
      readFileSync(new URL('../../../packages/client/openapi.json', import.meta.url), 'utf8'),
    );
    const live = JSON.parse(JSON.stringify(buildOpenApiDocument(ROUTES, API_VERSION)));
    expect(
      snapshot,
      'packages/client/openapi.json is stale: run `pnpm --filter @assay/api build && pnpm --filter @assay/api openapi:write`',
    ).toEqual(live);
  });
});
