import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, json, readJson, startHarness } from './harness.js';

interface ApiKey {
  id: string;
  role: string;
  prefix: string;
  revokedAt: string | null;
}

describe('API key management', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('an admin issues a key whose secret is shown once, lists keys without secrets, and revokes at once', async () => {
    const res = await h.call(
      '/v1/projects/default/keys',
      json({ role: 'viewer', name: 'notebook' }),
    );
    expect(res.status).toBe(201);
    const { key, apiKey } = await readJson<{ key: string; apiKey: ApiKey }>(res);
    expect(key.startsWith(apiKey.prefix)).toBe(true);
    expect((await h.call('/v1/me', { key })).status).toBe(200);

    const listed = await h.call('/v1/projects/default/keys');
    const text = await listed.text();
    expect(text).not.toContain(key);
    expect(
      JSON.parse(text)
        .items.map((k: ApiKey) => k.role)
        .sort(),
    ).toEqual(['admin', 'viewer']);

    // Cached as verified a moment ago, yet refused right after its revocation.
    expect(
      (await h.call(`/v1/projects/default/keys/${apiKey.id}`, { method: 'DELETE' })).status,
    ).toBe(204);
    expect((await h.call('/v1/me', { key })).status).toBe(401);
  });

  it('only admins manage keys', async () => {
    const { key } = await readJson<{ key: string }>(
      await h.call('/v1/projects/default/keys', json({ role: 'editor' })),
    );
    expect((await h.call('/v1/projects/default/keys', { key })).status).toBe(403);
  });

  it("cannot revoke another project's key, even knowing its id", async () => {
    const other = await h.registry.projects.create({ name: 'other' });
    const { apiKey } = await h.registry.apiKeys.create({ projectId: other.id, role: 'admin' });
    const res = await h.call(`/v1/projects/default/keys/${apiKey.id}`, { method: 'DELETE' });
    expect(res.status).toBe(404);
    const page = await h.registry.apiKeys.list(other.id);
    expect(page.items[0]?.revokedAt).toBeNull();
  });

  it('refuses a body that tries to choose the secret', async () => {
    const res = await h.call(
      '/v1/projects/default/keys',
      json({ role: 'admin', key: `assay_${'a'.repeat(40)}` }),
    );
    expect(res.status).toBe(400);
  });
});

describe('idempotent metric logging', () => {
  let h: Harness;
  let runId: string;
  beforeAll(async () => {
    h = await startHarness();
    await h.call('/v1/projects/default/experiments', json({ name: 'e' }));
    runId = (
      await readJson<{ id: string }>(
        await h.call('/v1/projects/default/experiments/e/runs', json({})),
      )
    ).id;
  });
  afterAll(() => h?.close());

  const log = (points: unknown[], key?: string) =>
    h.call(`/v1/runs/${runId}/metrics`, {
      ...json({ points }),
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    });

  it('a retried batch with the same Idempotency-Key is stored once', async () => {
    const points = [1, 2, 3].map((step) => ({ key: 'loss', value: step / 10, step }));
    const first = await log(points, 'batch-0001');
    const retry = await log(points, 'batch-0001');
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(await readJson(retry)).toEqual(await readJson(first));
    const page = await readJson<{ items: unknown[] }>(
      await h.call(`/v1/runs/${runId}/metrics?key=loss`),
    );
    expect(page.items).toHaveLength(3);
  });

  it('the same key with other points is a 409, and a bad key a 400', async () => {
    expect((await log([{ key: 'loss', value: 9 }], 'batch-0001')).status).toBe(409);
    expect((await log([{ key: 'loss', value: 9 }], 'has spaces')).status).toBe(400);
  });
});
