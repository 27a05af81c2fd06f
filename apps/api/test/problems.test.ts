import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, json, type ProblemBody, readJson, startHarness } from './harness.js';

/** Bad input gets a 4xx problem document that says what to fix, never a 500. */
describe('problem details', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ASSAY_MAX_ARTIFACT_BYTES: '1024', ASSAY_MAX_JSON_BYTES: '2048' });
    const res = await h.call('/v1/projects/default/models', json({ name: 'm1' }));
    expect(res.status).toBe(201);
  });
  afterAll(() => h?.close());

  const expectProblem = async (res: Response, status: number, detail?: RegExp) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = await readJson<ProblemBody>(res);
    expect(body).toMatchObject({
      status,
      type: expect.stringMatching(/^https:\/\/assay\.dev\/problems\//),
    });
    if (detail) expect(body.detail).toMatch(detail);
    return body;
  };

  it('malformed JSON → 400 malformed-json', async () => {
    const res = await h.call('/v1/metrics/accuracy', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"input": [1,',
    });
    const body = await expectProblem(res, 400, /not valid JSON/);
    expect(body.type).toContain('malformed-json');
  });

  it('a JSON body over the limit → 413', async () => {
    const res = await h.call(
      '/v1/metrics/accuracy',
      json({ input: { yTrue: Array(2000).fill(1) } }),
    );
    await expectProblem(res, 413);
  });

  it('a JSON scalar as the body → 400 malformed-json, an empty JSON body reads as {}', async () => {
    const scalar = await h.call('/v1/metrics/accuracy', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '42',
    });
    expect((await expectProblem(scalar, 400, /not valid JSON/)).type).toContain('malformed-json');
    const empty = await h.call('/v1/metrics/accuracy', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '',
    });
    // `{}` has no `input`: the metric's own validation answers, naming the field.
    const body = await expectProblem(empty, 400);
    expect(JSON.stringify(body.errors)).toContain('input');
  });

  it('a path segment too long for its rule → 400 naming the parameter, not a router 414', async () => {
    const res = await h.call(`/v1/projects/default/models/${'x'.repeat(300)}`);
    const body = await expectProblem(res, 400);
    expect(body.errors[0]?.path).toBe('path.model');
  });

  it('a URL that cannot be decoded → 400 problem with a request id', async () => {
    const res = await h.call('/v1/projects/default/models/%E0%A4%A');
    await expectProblem(res, 400);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a trailing slash names the same route', async () => {
    expect((await h.call('/v1/projects/default/models/')).status).toBe(200);
  });

  it('an unknown body field → 400 naming it', async () => {
    const res = await h.call('/v1/projects/default/models', json({ name: 'm2', colour: 'red' }));
    const body = await expectProblem(res, 400);
    expect(JSON.stringify(body.errors)).toContain('colour');
  });

  it('a bad model name → 400 with the rule', async () => {
    for (const name of ['../etc', '%2e%2e', 'a\u0000b', '']) {
      const res = await h.call('/v1/projects/default/models', json({ name }));
      const body = await expectProblem(res, 400);
      expect(body.errors[0]?.path).toBe('body.name');
    }
  });

  it('a duplicate model → 409', async () => {
    await expectProblem(await h.call('/v1/projects/default/models', json({ name: 'm1' })), 409);
  });

  it('an unknown route → 404 problem', async () => {
    await expectProblem(await h.call('/v1/nothing-here'), 404);
  });

  it('an unknown model → 404', async () => {
    await expectProblem(await h.call('/v1/projects/default/models/absent'), 404, /absent/);
  });

  it('an artifact with the wrong content type → 415', async () => {
    const res = await h.call('/v1/projects/default/models/m1/versions?format=json', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    await expectProblem(res, 415, /application\/octet-stream/);
  });

  it('an artifact over the size limit → 413, and no version is kept', async () => {
    const res = await h.call('/v1/projects/default/models/m1/versions?format=json', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array(4096),
    });
    await expectProblem(res, 413);
    const versions = await readJson<{ items: unknown[] }>(
      await h.call('/v1/projects/default/models/m1/versions'),
    );
    expect(versions.items).toEqual([]);
  });

  it('a bad format or sha256 in the query → 400 naming the parameter', async () => {
    const res = await h.call('/v1/projects/default/models/m1/versions?format=pickle', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array(4),
    });
    const body = await expectProblem(res, 400);
    expect(body.errors[0]?.path).toBe('query.format');
  });

  it('a bad page size → 400', async () => {
    await expectProblem(await h.call('/v1/projects/default/models?limit=0'), 400, /limit/);
  });
});
