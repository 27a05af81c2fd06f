import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend, createBackend } from './support/backends.js';
import { goldenCase } from './support/golden.js';
import { type RunningApi, readJson, startApi } from './support/processes.js';

interface ModelPage {
  items: { name: string; versions: { sha256: string }[] }[];
}

/**
 * The walking skeleton over HTTP, on a fresh database of each kind: the API process starts,
 * prints its first key, registers a model version (artifact stored with its sha256) and computes
 * a metric through the core.
 */
describe.each(BACKENDS)('API end to end on the %s database', (backendName) => {
  let backend: Backend;
  let api: RunningApi;
  let key: string;
  const artifact = new TextEncoder().encode(
    JSON.stringify({ type: 'linear', coef: [0.5, -1.25], intercept: 2 }),
  );

  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${api.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${key}`, ...(init.headers as Record<string, string>) },
    });
  const postJson = (path: string, body: unknown) =>
    call(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    backend = await createBackend(backendName);
    api = await startApi(backend.env);
    expect(api.firstKey, api.output()).toMatch(/^assay_/);
    key = api.firstKey as string;
  });

  afterAll(async () => {
    await api?.stop();
    await backend?.dispose();
  });

  it('reports health, readiness and the database in use', async () => {
    expect(await (await fetch(`${api.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await (await fetch(`${api.url}/readyz`)).json();
    expect(ready).toMatchObject({
      status: 'ready',
      database: backendName,
      tensorflowBackend: 'cpu',
    });
  });

  it('refuses a request without a valid key with a 401 problem', async () => {
    const res = await fetch(`${api.url}/v1/metrics`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const wrong = await fetch(`${api.url}/v1/metrics`, {
      headers: { authorization: 'Bearer assay_not-a-key' },
    });
    expect(wrong.status).toBe(401);
  });

  it('registers a model and a version whose artifact is stored with its sha256', async () => {
    const created = await postJson('/v1/projects/default/models', {
      name: 'churn-classifier',
      description: 'Predicts churn',
    });
    expect(created.status, await created.clone().text()).toBe(201);
    expect(await created.json()).toMatchObject({ name: 'churn-classifier' });

    const sha256 = createHash('sha256').update(artifact).digest('hex');
    const upload = await call(
      `/v1/projects/default/models/churn-classifier/versions?format=json&expectedSha256=${sha256}`,
      { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: artifact },
    );
    expect(upload.status, await upload.clone().text()).toBe(201);
    const version = await upload.json();
    expect(version).toMatchObject({
      number: 1,
      format: 'json',
      sha256,
      sizeBytes: artifact.length,
    });

    const download = await call('/v1/projects/default/models/churn-classifier/versions/1/artifact');
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(artifact);

    const list = await readJson<ModelPage>(await call('/v1/projects/default/models'));
    expect(list.items.map((m) => m.name)).toEqual(['churn-classifier']);
    expect(list.items[0]?.versions.map((v) => v.sha256)).toEqual([sha256]);
  });

  it('refuses an upload whose bytes do not match the declared sha256, and keeps no version', async () => {
    const res = await call(
      `/v1/projects/default/models/churn-classifier/versions?format=json&expectedSha256=${'0'.repeat(64)}`,
      { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: artifact },
    );
    expect(res.status).toBe(400);
    const versions = await readJson<{ items: unknown[] }>(
      await call('/v1/projects/default/models/churn-classifier/versions'),
    );
    expect(versions.items).toHaveLength(1);
  });

  it('computes a metric over HTTP exactly as the reference case says', async () => {
    const golden = goldenCase('classification', 'accuracy-001');
    const res = await postJson('/v1/metrics/accuracy', {
      input: golden.input,
      params: golden.params,
    });
    expect(res.status).toBe(200);
    const body = await readJson<{ value: number }>(res);
    expect(body.value).toBeCloseTo(golden.expected?.value as number, 12);
  });

  it('answers bad metric input with a 400 problem naming the field', async () => {
    const res = await postJson('/v1/metrics/accuracy', {
      input: { yTrue: [1, 0, 1], yPred: [1, 0] },
    });
    expect(res.status).toBe(400);
    const problem = await readJson<{ detail: string }>(res);
    expect(problem.detail).toMatch(/yTrue has 3 labels but yPred has 2/);
    const unknown = await postJson('/v1/metrics/not-a-metric', { input: {} });
    expect(unknown.status).toBe(404);
  });

  it('serves the OpenAPI document and the Swagger UI', async () => {
    const doc = await readJson<{ openapi: string; paths: Record<string, unknown> }>(
      await fetch(`${api.url}/openapi.json`),
    );
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/metrics',
        '/v1/metrics/accuracy',
        '/v1/projects/{project}/models',
        '/v1/projects/{project}/models/{model}/versions',
      ]),
    );
    const docs = await fetch(`${api.url}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
  });

  it('keeps every committed write across a restart and prints no second key', async () => {
    await api.stop();
    api = await startApi(backend.env);
    expect(api.firstKey).toBeUndefined();
    const list = await readJson<ModelPage>(await call('/v1/projects/default/models'));
    expect(list.items.map((m) => m.name)).toEqual(['churn-classifier']);
  });
});
