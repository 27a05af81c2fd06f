import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend, createBackend } from './support/backends.js';
import { type RunningApi, readJson, startApi } from './support/processes.js';

interface Problem {
  status: number;
  type: string;
  detail: string;
  errors?: { path: string; message: string }[];
}

/**
 * Issue 11, item 4, on each database: text PostgreSQL cannot store (NUL; PGlite is PostgreSQL
 * too) used to answer 500 in 32 fields of every kind. Each kind is now a 400 at the edge that
 * names the field, and nothing is stored.
 */
describe.each(BACKENDS)('NUL and invalid UTF-8 on the %s database', (backendName) => {
  let backend: Backend;
  let api: RunningApi;
  let key: string;
  let runId: string;

  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${api.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${key}`, ...(init.headers as Record<string, string>) },
    });
  const send = (method: string, path: string, body: unknown) =>
    call(path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
    });
  const refused = async (res: Response, path: string) => {
    const problem = await readJson<Problem>(res);
    expect(res.status, JSON.stringify(problem)).toBe(400);
    expect(problem.type).toBe('https://assay.dev/problems/invalid-text');
    expect(problem.errors?.[0]?.path).toBe(path);
  };

  beforeAll(async () => {
    backend = await createBackend(backendName);
    api = await startApi({ ...backend.env, ASSAY_RATE_LIMIT_RPS: '0' });
    key = api.firstKey as string;
    expect((await send('POST', '/v1/projects/default/models', { name: 'm' })).status).toBe(201);
    const version = await call('/v1/projects/default/models/m/versions?format=json', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: JSON.stringify({ type: 'linear', coef: [1], intercept: 0 }),
    });
    expect(version.status).toBe(201);
    expect((await send('POST', '/v1/projects/default/experiments', { name: 'e' })).status).toBe(
      201,
    );
    const run = await send('POST', '/v1/projects/default/experiments/e/runs', {});
    runId = (await readJson<{ id: string }>(run)).id;
  });

  afterAll(async () => {
    await api?.stop();
    await backend?.dispose();
  });

  it('refuses NUL in descriptions, tag keys and values, run params and names, alias reasons, key names and job inputs', async () => {
    const cases: [string, string, unknown, string][] = [
      [
        'POST',
        '/v1/projects/default/models',
        { name: 'a', description: 'x\u0000' },
        'body.description',
      ],
      [
        'POST',
        '/v1/projects/default/models',
        { name: 'b', tags: { 'k\u0000': 'v' } },
        'body.tags.k\\u0000',
      ],
      ['POST', '/v1/projects/default/models', { name: 'c', tags: { k: 'v\u0000' } }, 'body.tags.k'],
      [
        'POST',
        '/v1/projects/default/experiments',
        { name: 'f', description: '\u0000' },
        'body.description',
      ],
      [
        'POST',
        '/v1/projects/default/experiments/e/runs',
        { params: { lr: '\u0000' } },
        'body.params.lr',
      ],
      ['POST', '/v1/projects/default/experiments/e/runs', { name: 'r\u0000' }, 'body.name'],
      [
        'PUT',
        '/v1/projects/default/models/m/aliases/prod',
        { version: 1, reason: '\u0000' },
        'body.reason',
      ],
      ['POST', '/v1/projects/default/keys', { role: 'viewer', name: 'k\u0000' }, 'body.name'],
      [
        'POST',
        '/v1/projects/default/explanations',
        { method: 'shap', async: true, input: { note: 'x\u0000' } },
        'body.input.note',
      ],
      [
        'POST',
        `/v1/runs/${runId}/metrics`,
        { points: [{ key: 'a', value: 1, x: '\u0000' }] },
        'body.points.0.x',
      ],
    ];
    for (const [method, path, body, field] of cases)
      await refused(await send(method, path, body), field);
    await refused(await call('/v1/projects/default/models?cursor=%00'), 'query.cursor');
    await refused(
      await call('/v1/projects/default/datasets?format=csv', {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: 'a,b\u0000\n1,2\n',
      }),
      'file.columns.1',
    );
    const models = await readJson<{ items: { name: string }[] }>(
      await call('/v1/projects/default/models'),
    );
    expect(models.items.map((m) => m.name)).toEqual(['m']);
    const jobs = await readJson<{ items: unknown[] }>(await call('/v1/projects/default/jobs'));
    expect(jobs.items).toEqual([]);
  });

  it('refuses invalid UTF-8 instead of storing U+FFFD', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"name":"u","description":"caf'),
      Buffer.from([0xe9]),
      Buffer.from('"}'),
    ]);
    await refused(await send('POST', '/v1/projects/default/models', bytes), 'body.description');
    expect((await call('/v1/projects/default/models/u')).status).toBe(404);
  });
});
