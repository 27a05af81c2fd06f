import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, json, readJson, startHarness } from './harness.js';

/**
 * Reads the OpenAPI document and throws malformed, wrongly typed, oversized and deeply nested
 * requests at every documented operation. Nothing may answer 5xx, and nothing may be written.
 */
interface Operation {
  parameters?: { name: string; in: 'path' | 'query' }[];
  requestBody?: { content: Record<string, { schema?: { required?: string[] } }> };
}
type Doc = { paths: Record<string, Record<string, Operation>> };

/** mulberry32: a small seeded PRNG so that a failure can be replayed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const nested = (depth: number, leaf: string) => `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`;
const nestedObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

const BAD_SEGMENTS = [
  '..',
  '%2e%2e',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  'a%00b',
  'x'.repeat(5000),
  '%F0%9F%98%80',
  '-1',
  '0',
  '1e309',
  'NaN',
  '%',
  'a?b=c',
  '%23frag',
  // Text the database cannot store, and integers written other than as plain decimals.
  'a%00',
  '%ED%A0%80',
  '0x1',
  '01',
  '1e0',
  '%201%20',
  '+1',
];
const BAD_QUERY_VALUES = [
  '',
  '-1',
  '0',
  'abc',
  '1e309',
  '9'.repeat(400),
  '%00',
  'null',
  '[]',
  '{}',
  'a\u0000b',
  '0x10',
  ' 1 ',
  '1e1',
  '010',
  'true',
];

const BAD_BODIES: (string | undefined)[] = [
  undefined,
  '',
  'null',
  'true',
  '42',
  '"a string"',
  '[]',
  '{',
  '{"input": }',
  '{"input": null, "params": null}',
  '{"input": [], "params": []}',
  '{"input": {"yTrue": "abc", "yPred": 1}}',
  '{"input": {"yTrue": [1, "a", null, {}], "yPred": [[1]]}}',
  '{"input": {"yTrue": [1e309], "yPred": [-1e309]}}',
  '{"name": 12, "description": ["x"], "tags": "t"}',
  '{"name": "ok", "tags": {"": "x"}}',
  '{"__proto__": {"polluted": true}, "name": "proto"}',
  '{"constructor": {"prototype": {"polluted": true}}}',
  `{"input": ${nested(5000, '1')}}`,
  `{"input": ${nestedObject(5000)}}`,
  `{"input": {"yTrue": ${nested(2000, '1')}, "yPred": [1]}}`,
  `{"input": ${nested(100_000, '')}, "async": true, "method": "shap"}`,
  `{"name": "deep", "tags": ${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`,
  // NUL and unpaired surrogates in strings and keys (as JSON escapes).
  '{"name": "a\\u0000b", "description": "\\u0000", "reason": "\\u0000", "version": 1}',
  '{"name": "ok", "tags": {"k\\u0000": "v"}, "params": {"p": "\\u0000"}}',
  '{"name": "ok", "description": "\\ud800", "input": {"yTrue": ["\\udfff"], "yPred": [1]}}',
  // Integers given as anything but JSON integers.
  '{"version": [2], "expectedRevision": true}',
  '{"version": "2", "model": {"name": "seed", "version": "0x1"}}',
  '{"version": " 1 ", "limit": "10", "step": "1"}',
  '{"version": true}',
  `{"name": "${'n'.repeat(100_000)}"}`,
  `{"input": {"yTrue": [${Array(200_000).fill(1).join(',')}], "yPred": [1]}}`,
];

describe('fuzzing every documented route', () => {
  let h: Harness;
  let doc: Doc;
  let runId: string;
  const failures: string[] = [];

  beforeAll(async () => {
    h = await startHarness({ ASSAY_MAX_JSON_BYTES: '1048576', ASSAY_RATE_LIMIT_RPS: '0' });
    expect((await h.call('/v1/projects/default/models', json({ name: 'seed' }))).status).toBe(201);
    expect(
      (await h.call('/v1/projects/default/experiments', json({ name: 'seed-experiment' }))).status,
    ).toBe(201);
    const run = await h.call('/v1/projects/default/experiments/seed-experiment/runs', json({}));
    runId = (await readJson<{ id: string }>(run)).id;
    doc = await readJson<Doc>(await h.call('/openapi.json', { key: null }));
  });
  afterAll(() => h?.close());

  const sendOne = async (
    method: string,
    path: string,
    body?: string | Uint8Array,
    contentType?: string,
  ) => {
    const res = await h.call(path, {
      method: method.toUpperCase(),
      ...(body !== undefined ? { body } : {}),
      headers: contentType ? { 'content-type': contentType } : {},
    });
    await res.arrayBuffer();
    if (res.status >= 500)
      failures.push(`${res.status} ${method.toUpperCase()} ${path} ${String(body).slice(0, 80)}`);
    return res.status;
  };

  const validPath = (template: string) =>
    template
      .replace('{project}', 'default')
      .replace('{model}', 'seed')
      .replace('{version}', '1')
      .replace('{name}', 'accuracy')
      .replace('{experiment}', 'seed-experiment')
      .replace('{alias}', 'production')
      .replace('{run}', runId)
      .replace('{evaluation}', '00000000-0000-4000-8000-000000000000')
      .replace('{key}', '00000000-0000-4000-8000-000000000000');

  it('no operation answers 5xx to bad path segments, queries or bodies', async () => {
    const random = prng(20261126);
    // Requests are collected, then sent a few at a time: the server is in this process, so a
    // small pool overlaps its database waits without changing what is sent.
    const pending: Array<() => Promise<unknown>> = [];
    const send = (...args: Parameters<typeof sendOne>) => {
      pending.push(() => sendOne(...args));
    };
    let requests = 0;
    for (const [template, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const params = template.match(/\{[^}]+\}/g) ?? [];
        for (const param of params) {
          for (const bad of BAD_SEGMENTS) {
            send(method, validPath(template.replace(param, bad)));
            requests++;
          }
        }
        for (const q of op.parameters?.filter((p) => p.in === 'query') ?? []) {
          for (const bad of BAD_QUERY_VALUES) {
            send(method, `${validPath(template)}?${q.name}=${encodeURIComponent(bad)}`);
            send(method, `${validPath(template)}?${q.name}=1&${q.name}=2`);
            requests += 2;
          }
          send(method, `${validPath(template)}?${q.name}=%FF%FE`);
          requests++;
        }
        send(method, `${validPath(template)}?unknown=${random()}`);
        if (method === 'post' || method === 'put' || method === 'patch') {
          // An empty JSON body reads as `{}`, which is a valid request where no field is required
          // (e.g. starting a run with defaults); send it only where some field is required.
          const required = op.requestBody?.content['application/json']?.schema?.required ?? [];
          const bodies = required.length
            ? BAD_BODIES
            : BAD_BODIES.filter((b) => b !== undefined && b !== '');
          for (const body of bodies) {
            send(method, validPath(template), body, 'application/json');
            requests++;
          }
          // Bytes that are not UTF-8, in a string and in a key.
          for (const bytes of [
            Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]),
            Buffer.from([0x7b, 0x22, 0xc0, 0x80, 0x22, 0x3a, 0x31, 0x7d]),
          ]) {
            send(method, validPath(template), bytes, 'application/json');
            requests++;
          }
          for (const type of [
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data',
          ]) {
            send(method, validPath(template), 'a=1&b=2', type);
            requests++;
          }
          // An oversized body: bigger than the JSON limit.
          send(
            method,
            validPath(template),
            `{"input": "${'x'.repeat(1_100_000)}"}`,
            'application/json',
          );
          requests++;
        }
      }
    }
    let next = 0;
    const lane = async () => {
      while (next < pending.length) await pending[next++]?.();
    };
    await Promise.all(Array.from({ length: 4 }, lane));
    expect(requests).toBeGreaterThan(200);
    expect(failures).toEqual([]);
  }, 180_000);

  it('wrote nothing: the only model is the seeded one, with no version', async () => {
    const models = await readJson<{ items: { name: string; versions: unknown[] }[] }>(
      await h.call('/v1/projects/default/models'),
    );
    expect(models.items.map((m) => [m.name, m.versions.length])).toEqual([['seed', 0]]);
    const experiments = await readJson<{ items: { name: string }[] }>(
      await h.call('/v1/projects/default/experiments'),
    );
    expect(experiments.items.map((e) => e.name)).toEqual(['seed-experiment']);
    const runs = await readJson<{ items: { id: string; status: string }[] }>(
      await h.call('/v1/projects/default/experiments/seed-experiment/runs'),
    );
    expect(runs.items.map((r) => [r.id, r.status])).toEqual([[runId, 'running']]);
    const aliases = await readJson<{ items: unknown[] }>(
      await h.call('/v1/projects/default/models/seed/aliases'),
    );
    expect(aliases.items).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
