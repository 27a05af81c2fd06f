import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRegistry } from '@assay/registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREATED_LOCATIONS } from '../src/http/location.js';
import { ROUTES } from '../src/routes.js';
import { type Harness, json, type ProblemBody, readJson, startHarness } from './harness.js';

/**
 * Issue 11, item 4: what an attacker sent that used to answer 500, be stored altered, or be
 * coerced, now gets a 400 at the edge naming the field. (The same NUL cases on PostgreSQL are in
 * `tooling/e2e/test/edge-input.e2e.test.ts`.)
 */
const raw = (body: string | Uint8Array, type = 'application/json'): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': type },
  body,
});

const expectRefused = async (res: Response, path: string, type = 'invalid-text') => {
  const body = await readJson<ProblemBody>(res);
  expect(res.status, JSON.stringify(body)).toBe(400);
  expect(body.type).toBe(`https://assay.dev/problems/${type}`);
  expect(body.errors?.[0]?.path).toBe(path);
  return body;
};

const form = (fields: [string, string | Uint8Array, string?][]) => {
  const boundary = 'assay-test-boundary';
  const parts: Uint8Array[] = [];
  const enc = new TextEncoder();
  for (const [name, value, filename] of fields) {
    parts.push(
      enc.encode(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}\r\n${filename ? 'Content-Type: application/octet-stream\r\n' : ''}\r\n`,
      ),
    );
    parts.push(typeof value === 'string' ? enc.encode(value) : value);
    parts.push(enc.encode('\r\n'));
  }
  parts.push(enc.encode(`--${boundary}--\r\n`));
  return {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: Buffer.concat(parts),
  } satisfies RequestInit;
};

describe('text at the edge: NUL, unpaired surrogates and invalid UTF-8', () => {
  let h: Harness;
  let runId: string;
  beforeAll(async () => {
    h = await startHarness({ ASSAY_RATE_LIMIT_RPS: '0' });
    expect((await h.call('/v1/projects/default/models', json({ name: 'm' }))).status).toBe(201);
    const spec = JSON.stringify({ type: 'linear', coef: [1], intercept: 0 });
    for (let i = 0; i < 2; i++) {
      const v = await h.call('/v1/projects/default/models/m/versions?format=json', {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: spec,
      });
      expect(v.status).toBe(201);
    }
    expect((await h.call('/v1/projects/default/experiments', json({ name: 'e' }))).status).toBe(
      201,
    );
    const run = await h.call('/v1/projects/default/experiments/e/runs', json({}));
    runId = (await readJson<{ id: string }>(run)).id;
  });
  afterAll(() => h?.close());

  it('refuses NUL in body fields of every kind, naming the field (description, tag key, run param, alias reason)', async () => {
    await expectRefused(
      await h.call('/v1/projects/default/models', json({ name: 'n1', description: 'a\u0000b' })),
      'body.description',
    );
    await expectRefused(
      await h.call('/v1/projects/default/models', json({ name: 'n2', tags: { 'k\u0000': 'v' } })),
      'body.tags.k\\u0000',
    );
    await expectRefused(
      await h.call(
        '/v1/projects/default/experiments/e/runs',
        json({ params: { lr: 'x\u0000' }, name: 'r' }),
      ),
      'body.params.lr',
    );
    await expectRefused(
      await h.call('/v1/projects/default/models/m/aliases/prod', {
        ...json({ version: 1, reason: 'ship\u0000it' }),
        method: 'PUT',
      }),
      'body.reason',
    );
    await expectRefused(
      await h.call(
        `/v1/runs/${runId}/metrics`,
        json({
          points: [
            { key: 'a', value: 1 },
            { key: 'b\u0000', value: 2 },
          ],
        }),
      ),
      'body.points.1.key',
    );
    const models = await readJson<{ items: { name: string }[] }>(
      await h.call('/v1/projects/default/models'),
    );
    expect(models.items.map((m) => m.name)).toEqual(['m']);
  });

  it('refuses unpaired surrogates (\\ud800) as it refuses NUL', async () => {
    await expectRefused(
      await h.call('/v1/projects/default/models', json({ name: 'n3', description: 'a\ud800' })),
      'body.description',
    );
    // A pair is a character (U+1F600) and passes.
    const ok = await h.call('/v1/projects/default/models', json({ name: 'n4', description: '😀' }));
    expect(ok.status).toBe(201);
  });

  it('refuses NUL and broken percent-encoding in query and path parameters', async () => {
    await expectRefused(await h.call('/v1/projects/default/models?cursor=a%00b'), 'query.cursor');
    await expectRefused(await h.call('/v1/projects/default/models?cursor=%FF'), 'query.cursor');
    await expectRefused(
      await h.call('/v1/projects/default/datasets?format=csv&name=x%00', {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: 'a\n1\n',
      }),
      'query.name',
    );
    await expectRefused(await h.call('/v1/projects/default/models/a%00b'), 'path.model');
  });

  it('refuses invalid UTF-8 in a JSON body instead of storing U+FFFD, naming the field', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"name":"n5","description":"caf'),
      Buffer.from([0xe9]), // latin1 é: not UTF-8
      Buffer.from('"}'),
    ]);
    const body = await expectRefused(
      await h.call('/v1/projects/default/models', raw(bytes)),
      'body.description',
    );
    expect(body.detail).toMatch(/UTF-8/);
    const absent = await h.call('/v1/projects/default/models/n5');
    expect(absent.status).toBe(404);
  });

  it('refuses NUL and invalid UTF-8 in multipart text fields and in the JSON metadata field', async () => {
    const artifact = JSON.stringify({ type: 'linear', coef: [1], intercept: 0 });
    await expectRefused(
      await h.call(
        '/v1/projects/default/models/m/versions?format=json',
        form([
          ['metadata', JSON.stringify({ description: 'x\u0000' })],
          ['artifact', artifact, 'model.json'],
        ]),
      ),
      'metadata.description',
    );
    const latin1 = await h.call(
      '/v1/projects/default/models/m/versions?format=json',
      form([
        ['metadata', Buffer.from([0x7b, 0x22, 0x64, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d])],
        ['artifact', artifact, 'model.json'],
      ]),
    );
    const problem = await readJson<ProblemBody>(latin1);
    expect(latin1.status).toBe(400);
    expect(problem.detail).toMatch(/metadata.*not valid UTF-8/);
    const versions = await readJson<{ items: unknown[] }>(
      await h.call('/v1/projects/default/models/m/versions'),
    );
    expect(versions.items).toHaveLength(2);
  });

  it('refuses a CSV dataset whose header names a column with NUL', async () => {
    const res = await h.call('/v1/projects/default/datasets?format=csv', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'a,b\u0000c\n1,2\n',
    });
    await expectRefused(res, 'file.columns.1');
  });
});

describe('nesting depth and integers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ASSAY_RATE_LIMIT_RPS: '0' });
    expect((await h.call('/v1/projects/default/models', json({ name: 'm' }))).status).toBe(201);
    const spec = JSON.stringify({ type: 'linear', coef: [1], intercept: 0 });
    for (let i = 0; i < 2; i++) {
      const v = await h.call('/v1/projects/default/models/m/versions?format=json', {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: spec,
      });
      expect(v.status).toBe(201);
    }
  });
  afterAll(() => h?.close());

  it.each([2_000, 100_000])(
    'refuses a body nested %i levels deep with a 400 saying the bound',
    async (depth) => {
      for (const [path, body] of [
        ['/v1/metrics/accuracy', `{"input": {"yTrue": ${'['.repeat(depth)}1${']'.repeat(depth)}}}`],
        [
          '/v1/projects/default/models',
          `{"name": "x", "tags": ${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`,
        ],
        // A job's input is stored: before, 1,000 levels made the job list unreadable.
        [
          '/v1/projects/default/explanations',
          `{"method": "shap", "async": true, "input": {"x": ${'['.repeat(depth)}${']'.repeat(depth)}}}`,
        ],
      ] as const) {
        const res = await h.call(path, raw(body));
        const problem = await readJson<ProblemBody>(res);
        expect(res.status, `${path}: ${JSON.stringify(problem)}`).toBe(400);
        expect(problem.type).toBe('https://assay.dev/problems/too-deep');
        expect(problem.detail).toMatch(/more than 64 levels/);
      }
      const metadata = await h.call(
        '/v1/projects/default/models/m/versions?format=json',
        form([
          [
            'metadata',
            `{"description": "x", "tags": ${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`,
          ],
          ['artifact', '{"type": "linear", "coef": [1], "intercept": 0}', 'model.json'],
        ]),
      );
      expect(metadata.status).toBe(400);
      expect((await readJson<ProblemBody>(metadata)).detail).toMatch(/metadata field .*64 levels/);
      const jobs = await h.call('/v1/projects/default/jobs');
      expect(jobs.status).toBe(200);
      expect((await readJson<{ items: unknown[] }>(jobs)).items).toEqual([]);
    },
  );

  it('parses 64 levels and refuses 65 (brackets inside strings do not count)', async () => {
    const at = (depth: number) =>
      `{"input": {"yTrue": "${'['.repeat(200)}", "yPred": ${'['.repeat(depth - 2)}1${']'.repeat(depth - 2)}}}`;
    const ok = await readJson<ProblemBody>(await h.call('/v1/metrics/accuracy', raw(at(64))));
    expect(ok.type).not.toContain('too-deep');
    const deep = await readJson<ProblemBody>(await h.call('/v1/metrics/accuracy', raw(at(65))));
    expect(deep.type).toContain('too-deep');
  });

  it('moves an alias only with an integer version: [2], true, "0x1", " 1 ", "2" and 1.5 are refused', async () => {
    const put = (version: unknown) =>
      h.call('/v1/projects/default/models/m/aliases/prod', {
        ...json({ version }),
        method: 'PUT',
      });
    expect((await put(1)).status).toBe(200);
    for (const version of [[2], true, '0x1', ' 1 ', '2', 1.5, null, {}]) {
      await expectRefused(await put(version), 'body.version', 'invalid-request');
    }
    const alias = await readJson<{ number: number }>(
      await h.call('/v1/projects/default/models/m/aliases/prod/version'),
    );
    expect(alias).toMatchObject({ number: 1 });
    // The same rule wherever a body names a version: predictions and batch tests.
    for (const version of ['1', [1], true]) {
      await expectRefused(
        await h.call('/v1/projects/default/models/m/predict', json({ version, rows: [[1]] })),
        'body.version',
        'invalid-request',
      );
      await expectRefused(
        await h.call(
          '/v1/projects/default/evaluations',
          json({
            model: 'm',
            version,
            dataset: { format: 'csv', content: 'x,y\n1,1\n' },
            target: 'y',
            metrics: [{ name: 'mse' }],
          }),
        ),
        'body.version',
        'invalid-request',
      );
    }
    // `1e0` is the JSON number 1: JSON cannot tell it from `1`.
    const exponent = await h.call('/v1/projects/default/models/m/aliases/prod', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"version": 2e0}',
    });
    expect(exponent.status).toBe(200);
  });

  it('reads integers in paths and queries as plain decimal literals only', async () => {
    expect((await h.call('/v1/projects/default/models/m/versions/2')).status).toBe(200);
    for (const v of ['0x1', '01', '1e0', '%201%20', '+1', '1.0', 'true', '-1']) {
      await expectRefused(
        await h.call(`/v1/projects/default/models/m/versions/${v}`),
        'path.version',
        'invalid-request',
      );
    }
    expect((await h.call('/v1/projects/default/models?limit=10')).status).toBe(200);
    for (const v of ['0x10', '1e1', '%2010', '010', 'true', '']) {
      await expectRefused(
        await h.call(`/v1/projects/default/models?limit=${v}`),
        'query.limit',
        'invalid-request',
      );
    }
    await expectRefused(
      await h.call('/v1/projects/default/models/m/aliases/prod?expectedRevision=0x1', {
        method: 'DELETE',
      }),
      'query.expectedRevision',
      'invalid-request',
    );
  });
});

describe('authentication at the edge', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ASSAY_AUTH_FAILURE_BURST: '5', ASSAY_AUTH_FAILURE_RPS: '0.01' });
  });
  afterAll(() => h?.close());

  it('sends WWW-Authenticate: Bearer on a 401, with error="invalid_token" for a bad key', async () => {
    const none = await h.call('/v1/me', { key: null });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="assay"');
    const bad = await h.call('/v1/me', { key: `assay_${'x'.repeat(43)}` });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="assay", error="invalid_token"/,
    );
  });

  it('answers a flood of unknown keys from one address with 429 and Retry-After, without looking them up', async () => {
    // The valid key authenticated before the flood stays usable (it is remembered).
    expect((await h.call('/v1/me')).status).toBe(200);
    const apiKeys = h.registry.apiKeys as { authenticate: (k: string) => Promise<unknown> };
    const original = apiKeys.authenticate;
    let lookups = 0;
    apiKeys.authenticate = (k: string) => {
      lookups++;
      return original.call(apiKeys, k);
    };
    try {
      const statuses: number[] = [];
      let limited: Response | undefined;
      // One failure was spent by the previous test.
      for (let i = 0; i < 10; i++) {
        const res = await h.call('/v1/me', { key: `assay_${String(i).padStart(43, 'y')}` });
        statuses.push(res.status);
        if (res.status === 429) limited = res;
        await res.arrayBuffer();
      }
      expect(statuses).toEqual([401, 401, 401, 401, 429, 429, 429, 429, 429, 429]);
      expect(lookups).toBe(4);
      expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await h.call('/v1/me')).status).toBe(200);
    } finally {
      apiKeys.authenticate = original;
    }
  });
});

describe('HTTP conventions: CORS, Location, dataset media types', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ASSAY_RATE_LIMIT_RPS: '0' });
  });
  afterAll(() => h?.close());

  it('lets the portal’s origin PUT and DELETE, and read Location, Retry-After and X-Request-Id', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const pre = await fetch(`${h.url}/v1/projects/default/models/m/aliases/prod`, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://localhost:3000',
          'access-control-request-method': method,
          'access-control-request-headers': 'authorization,content-type',
        },
      });
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
      expect(pre.headers.get('access-control-allow-methods')).toContain(method);
    }
    const res = await h.call('/v1/me', { headers: { origin: 'http://localhost:3000' } });
    const exposed = (res.headers.get('access-control-expose-headers') ?? '').toLowerCase();
    for (const header of ['location', 'retry-after', 'x-request-id', 'www-authenticate'])
      expect(exposed).toContain(header);
  });

  it('knows where every documented 201 puts what it created', () => {
    const creating = ROUTES.filter((r) => r.responses[201] !== undefined).map((r) => r.path);
    expect(creating.length).toBeGreaterThanOrEqual(9);
    expect(creating.filter((path) => CREATED_LOCATIONS[path] === undefined)).toEqual([]);
  });

  it('sends Location with every 201, naming what was created', async () => {
    const check = async (res: Response, expected: RegExp) => {
      expect(res.status, await res.clone().text()).toBe(201);
      const location = res.headers.get('location') ?? '';
      expect(location).toMatch(expected);
      return location;
    };
    const model = await check(
      await h.call('/v1/projects/default/models', json({ name: 'loc' })),
      /^\/v1\/projects\/default\/models\/loc$/,
    );
    expect((await h.call(model)).status).toBe(200);
    const version = await check(
      await h.call('/v1/projects/default/models/loc/versions?format=json', {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: JSON.stringify({ type: 'linear', coef: [1], intercept: 0 }),
      }),
      /\/models\/loc\/versions\/1$/,
    );
    expect((await h.call(version)).status).toBe(200);
    const experiment = await check(
      await h.call('/v1/projects/default/experiments', json({ name: 'x' })),
      /\/experiments\/x$/,
    );
    expect((await h.call(experiment)).status).toBe(200);
    const run = await check(
      await h.call('/v1/projects/default/experiments/x/runs', json({})),
      /^\/v1\/runs\/[0-9a-f-]{36}$/,
    );
    expect((await h.call(run)).status).toBe(200);
    await check(
      await h.call(`${run}/metrics`, json({ points: [{ key: 'loss', value: 1 }] })),
      /^\/v1\/runs\/[0-9a-f-]{36}\/metrics$/,
    );
    const dataset = await check(
      await h.call('/v1/projects/default/datasets?format=csv', {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: 'x,y\n1,1\n2,2\n',
      }),
      /\/datasets\/[0-9a-f-]{36}$/,
    );
    expect((await h.call(dataset)).status).toBe(200);
    const evaluation = await check(
      await h.call(
        '/v1/projects/default/evaluations',
        json({
          model: 'loc',
          version: 1,
          dataset: { id: dataset.split('/').at(-1) },
          target: 'y',
          metrics: [{ name: 'mse' }],
        }),
      ),
      /\/evaluations\/[0-9a-f-]{36}$/,
    );
    expect((await h.call(evaluation)).status).toBe(200);
    await check(
      await h.call('/v1/projects/default/keys', json({ role: 'viewer' })),
      /^\/v1\/projects\/default\/keys\/[0-9a-f-]{36}$/,
    );
    const project = await check(
      await h.call('/v1/projects', json({ name: 'other' })),
      /^\/v1\/projects\/other$/,
    );
    expect((await h.call(project)).status).toBe(404); // another project's: the default key sees none
  });

  it('accepts a CSV dataset sent as text/csv and Parquet as its own media types', async () => {
    const csv = await h.call('/v1/projects/default/datasets?format=csv', {
      method: 'POST',
      headers: { 'content-type': 'text/csv; charset=utf-8' },
      body: 'x,y\n1,2\n',
    });
    expect(csv.status, await csv.clone().text()).toBe(201);
    const { readFile } = await import('node:fs/promises');
    const parquet = await readFile(new URL('./fixtures/diabetes.parquet', import.meta.url));
    for (const type of ['application/vnd.apache.parquet', 'application/x-parquet']) {
      const res = await h.call('/v1/projects/default/datasets?format=parquet', {
        method: 'POST',
        headers: { 'content-type': type },
        body: parquet,
      });
      expect(res.status, await res.clone().text()).toBe(201);
    }
    const mismatch = await h.call('/v1/projects/default/datasets?format=parquet', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'x\n1\n',
    });
    expect(mismatch.status).toBe(415);
  });
});

describe('explanation jobs check the datasets they cite', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ASSAY_RATE_LIMIT_RPS: '0' });
  });
  afterAll(() => h?.close());

  it('answers 404 for another project’s dataset, as the request that runs at once does', async () => {
    const other = await h.registry.projects.create({ name: 'other' });
    const otherKey = (await h.registry.apiKeys.create({ projectId: other.id, role: 'admin' })).key;
    const upload = await h.call('/v1/projects/other/datasets?format=csv', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'a,b\n1,2\n3,4\n',
      key: otherKey,
    });
    expect(upload.status).toBe(201);
    const { id } = await readJson<{ id: string }>(upload);
    const body = (async: boolean) =>
      json({ method: 'shap', async, input: { x: { dataset: id, columns: ['a', 'b'] } } });
    const sync = await h.call('/v1/projects/default/explanations', body(false));
    expect(sync.status).toBe(404);
    const queued = await h.call('/v1/projects/default/explanations', body(true));
    expect(queued.status).toBe(404);
    expect((await readJson<ProblemBody>(queued)).detail).toBe(
      (await readJson<ProblemBody>(await h.call('/v1/projects/default/explanations', body(false))))
        .detail,
    );
    const jobs = await readJson<{ items: unknown[] }>(await h.call('/v1/projects/default/jobs'));
    expect(jobs.items).toEqual([]);
  });
});

describe('temporary upload files', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ASSAY_RATE_LIMIT_RPS: '0' });
    expect((await h.call('/v1/projects/default/models', json({ name: 'm' }))).status).toBe(201);
  });
  afterAll(() => h?.close());

  const partFiles = async () =>
    (await readdir(join(h.dataDir, 'artifacts', 'tmp')).catch(() => [] as string[])).filter((f) =>
      f.endsWith('.part'),
    );

  /** Starts an upload of `declared` bytes, sends `sent`, then drops the connection. */
  const abortedUpload = (headers: Record<string, string>, first: Buffer, declared: number) =>
    new Promise<void>((resolve) => {
      const url = new URL(`${h.url}/v1/projects/default/models/m/versions?format=json`);
      const req = httpRequest({
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: {
          authorization: `Bearer ${h.key}`,
          'content-length': String(declared),
          ...headers,
        },
      });
      req.on('error', () => resolve());
      req.write(first);
      const poll = setInterval(async () => {
        if ((await partFiles()).length > 0) {
          clearInterval(poll);
          req.destroy();
          resolve();
        }
      }, 20);
      setTimeout(() => {
        clearInterval(poll);
        req.destroy();
        resolve();
      }, 5000);
    });

  const waitUntilNoPart = async () => {
    for (let i = 0; i < 100 && (await partFiles()).length > 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    return partFiles();
  };

  it('removes .part files left by a killed process when the registry opens', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'assay-part-'));
    try {
      await mkdir(join(dataDir, 'artifacts', 'tmp'), { recursive: true });
      await writeFile(join(dataDir, 'artifacts', 'tmp', 'deadbeef.part'), 'half an upload');
      const registry = await openRegistry({ dataDir });
      await registry.close();
      expect(await readdir(join(dataDir, 'artifacts', 'tmp'))).toEqual([]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('removes the .part file of a raw upload whose client went away', async () => {
    await abortedUpload(
      { 'content-type': 'application/octet-stream' },
      Buffer.alloc(64 * 1024, 0x20),
      1024 * 1024,
    );
    expect(await waitUntilNoPart()).toEqual([]);
  });

  it('removes the .part file of a multipart upload whose client went away', async () => {
    const boundary = 'b0undary';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="artifact"; filename="m.json"\r\nContent-Type: application/octet-stream\r\n\r\n${' '.repeat(64 * 1024)}`,
    );
    await abortedUpload(
      { 'content-type': `multipart/form-data; boundary=${boundary}` },
      head,
      1024 * 1024,
    );
    expect(await waitUntilNoPart()).toEqual([]);
  });
});
