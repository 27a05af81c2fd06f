import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, json, type ProblemBody, readJson, startHarness } from './harness.js';

describe('API keys', () => {
  let h: Harness;
  let otherKey: string;
  let viewerKey: string;
  beforeAll(async () => {
    // No auth cache here: revocation must be seen at once (the cache has its own test).
    h = await startHarness({ ASSAY_AUTH_CACHE_MS: '0' });
    const other = await h.registry.projects.create({ name: 'other' });
    otherKey = (await h.registry.apiKeys.create({ projectId: other.id, role: 'admin' })).key;
    const def = await h.registry.projects.getByName('default');
    viewerKey = (await h.registry.apiKeys.create({ projectId: def?.id as string, role: 'viewer' }))
      .key;
  });
  afterAll(() => h?.close());

  it('GET /v1/me names the key’s project and role', async () => {
    const me = await (await h.call('/v1/me')).json();
    expect(me).toMatchObject({ project: { name: 'default' }, apiKey: { role: 'admin' } });
    expect(JSON.stringify(me)).not.toContain(h.key);
  });

  it('a key of another project sees 404, not 403, so names do not leak', async () => {
    const res = await h.call('/v1/projects/default/models', { key: otherKey });
    expect(res.status).toBe(404);
    const absent = await h.call('/v1/projects/no-such-project/models', { key: otherKey });
    expect(absent.status).toBe(404);
    const [a, b] = [await readJson<ProblemBody>(res), await readJson<ProblemBody>(absent)];
    expect(a.detail).toBe(b.detail.replace('no-such-project', 'default'));
  });

  it('a viewer reads but cannot write', async () => {
    expect((await h.call('/v1/projects/default/models', { key: viewerKey })).status).toBe(200);
    const res = await h.call('/v1/projects/default/models', {
      ...json({ name: 'x' }),
      key: viewerKey,
    });
    expect(res.status).toBe(403);
  });

  it('a revoked key is refused', async () => {
    const def = await h.registry.projects.getByName('default');
    const { key, apiKey } = await h.registry.apiKeys.create({
      projectId: def?.id as string,
      role: 'viewer',
    });
    expect((await h.call('/v1/me', { key })).status).toBe(200);
    await h.registry.apiKeys.revoke(apiKey.id);
    expect((await h.call('/v1/me', { key })).status).toBe(401);
  });

  it('health and the OpenAPI document need no key', async () => {
    expect((await h.call('/healthz', { key: null })).status).toBe(200);
    expect((await h.call('/openapi.json', { key: null })).status).toBe(200);
  });
});

describe('rate limiting per key', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ASSAY_RATE_LIMIT_RPS: '0.01', ASSAY_RATE_LIMIT_BURST: '3' });
  });
  afterAll(() => h?.close());

  it('refuses the request past the burst with 429 and Retry-After, per key', async () => {
    for (let i = 0; i < 3; i++) expect((await h.call('/v1/me')).status).toBe(200);
    const limited = await h.call('/v1/me');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const def = await h.registry.projects.getByName('default');
    const other = await h.registry.apiKeys.create({ projectId: def?.id as string, role: 'viewer' });
    expect((await h.call('/v1/me', { key: other.key })).status).toBe(200);
  });
});
