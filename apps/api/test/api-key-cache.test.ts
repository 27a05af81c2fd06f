import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRegistry, type Registry } from '@assay/registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyCache } from '../src/auth/api-key-cache.js';

describe('ApiKeyCache', () => {
  let registry: Registry;
  let dir: string;
  let key: string;
  let keyId: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-cache-'));
    registry = await openRegistry({ dataDir: dir });
    const project = await registry.projects.create({ name: 'p' });
    const created = await registry.apiKeys.create({ projectId: project.id, role: 'viewer' });
    key = created.key;
    keyId = created.apiKey.id;
  });
  afterAll(async () => {
    await registry.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves a verified key from memory until the TTL passes, then asks the registry again', async () => {
    let t = 0;
    const cache = new ApiKeyCache(registry, 1000, () => t);
    expect((await cache.authenticate(key))?.id).toBe(keyId);
    await registry.apiKeys.revoke(keyId);
    t = 999;
    expect((await cache.authenticate(key))?.id).toBe(keyId);
    t = 1001;
    expect(await cache.authenticate(key)).toBeNull();
  });

  it('never caches an unknown key, and forgets a key on demand', async () => {
    const project = await registry.projects.create({ name: 'q' });
    const { key: k2, apiKey } = await registry.apiKeys.create({
      projectId: project.id,
      role: 'admin',
    });
    const cache = new ApiKeyCache(registry, 60_000, () => 0);
    expect(await cache.authenticate('assay_unknown')).toBeNull();
    expect((await cache.authenticate(k2))?.id).toBe(apiKey.id);
    await registry.apiKeys.revoke(apiKey.id);
    cache.forget(apiKey.id);
    expect(await cache.authenticate(k2)).toBeNull();
  });

  it('asks the registry once for concurrent requests with a key it does not hold yet', async () => {
    const project = await registry.projects.create({ name: 'r' });
    const created = await registry.apiKeys.create({ projectId: project.id, role: 'viewer' });
    let lookups = 0;
    const counting = {
      apiKeys: {
        authenticate: (plaintext: string) => {
          lookups++;
          return registry.apiKeys.authenticate(plaintext);
        },
      },
    } as unknown as Registry;
    const cache = new ApiKeyCache(counting, 1000, () => 0);
    const found = await Promise.all(
      Array.from({ length: 8 }, () => cache.authenticate(created.key)),
    );
    expect(found.map((k) => k?.id)).toEqual(Array(8).fill(created.apiKey.id));
    expect(lookups).toBe(1);
  });
});
