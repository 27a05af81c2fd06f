import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, createBackend } from './support/backends.js';
import { type RunningApi, startApi } from './support/processes.js';

/** `ASSAY_ADMIN_KEY` lets scripts and CI bootstrap a fresh database without reading logs. */
describe('bootstrapping with ASSAY_ADMIN_KEY', () => {
  const adminKey = `assay_${randomBytes(32).toString('base64url')}`;
  let backend: Backend;
  let api: RunningApi;
  beforeAll(async () => {
    backend = await createBackend('embedded');
    api = await startApi({ ...backend.env, ASSAY_ADMIN_KEY: adminKey });
  });
  afterAll(async () => {
    await api?.stop();
    await backend?.dispose();
  });

  it('makes the given value the first admin key, and never prints it', async () => {
    expect(api.firstKey).toBeUndefined();
    expect(api.output()).not.toContain(adminKey);
    const me = await fetch(`${api.url}/v1/me`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      apiKey: { role: 'admin' },
      project: { name: 'default' },
    });
  });

  it('is ignored once the database has keys', async () => {
    await api.stop();
    const other = `assay_${randomBytes(32).toString('base64url')}`;
    api = await startApi({ ...backend.env, ASSAY_ADMIN_KEY: other });
    const res = await fetch(`${api.url}/v1/me`, { headers: { authorization: `Bearer ${other}` } });
    expect(res.status).toBe(401);
  });
});
