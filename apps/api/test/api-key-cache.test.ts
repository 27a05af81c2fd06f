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
});
