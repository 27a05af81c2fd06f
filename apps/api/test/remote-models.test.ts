import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, json, type ProblemBody, readJson, startHarness } from './harness.js';
import { type ModelServer, startModelServer } from './model-server.js';

// Remote (KServe v2) models under the outbound policy (issue 11, item 2): targets that are not
// on the public internet are refused at registration and at each call unless
// ASSAY_REMOTE_ALLOWED_HOSTS lists them, and an upstream's answer is never echoed.

/** A KServe-v2 endpoint on 127.0.0.1: y = x0 + 10·x1 for "sum"; other models misbehave. */
let endpoint: ModelServer;
const requests: string[] = [];

function handler(req: IncomingMessage, res: ServerResponse): void {
  let raw = '';
  req.on('data', (chunk) => {
    raw += chunk;
  });
  req.on('end', () => {
    requests.push(req.url ?? '');
    if (req.url === '/v2/models/sum/infer') {
      const input = JSON.parse(raw).inputs[0];
      const rows = input.shape[0] as number;
      const data = Array.from(
        { length: rows },
        (_, i) => input.data[2 * i] + 10 * input.data[2 * i + 1],
      );
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ outputs: [{ name: 'y', shape: [rows, 1], datatype: 'FP64', data }] }),
      );
    } else if (req.url === '/v2/models/broken/infer') {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'SECRET-UPSTREAM-BODY root:x:0:0' }));
    } else if (req.url === '/v2/models/moved/infer') {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
      res.end('SECRET-REDIRECT-BODY');
    } else if (req.url === '/v2/models/huge/infer') {
      // An answer with no declared length that goes on and on (a hostile server).
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = `{"outputs": [${'0,'.repeat(8192)}`;
      for (let i = 0; i < 64; i += 1) res.write(chunk);
      res.end('0]}');
    } else if (req.url === '/v2/models/huge-declared/infer') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000000000' });
      res.write('{"outputs": [');
    } else if (req.url === '/v2/models/reset/infer') {
      req.socket.destroy();
    } else {
      res.writeHead(404);
      res.end('SECRET-404-BODY');
    }
  });
}

beforeAll(async () => {
  endpoint = await startModelServer(handler);
});
afterAll(async () => {
  await endpoint?.close();
});

/** A remote model descriptor for model `modelName` at `url`. */
const descriptor = (url: string, modelName = 'sum') =>
  JSON.stringify({ url, protocol: 'kserve-v2', modelName, nFeatures: 2, timeoutMs: 5000 });

async function upload(h: Harness, model: string, body: string): Promise<Response> {
  return h.call(`/v1/projects/default/models/${model}/versions?format=remote`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body,
  });
}

async function register(h: Harness, model: string, url: string, modelName = 'sum') {
  const created = await h.call('/v1/projects/default/models', json({ name: model }));
  expect(created.status).toBe(201);
  const res = await upload(h, model, descriptor(url, modelName));
  expect(res.status, await res.clone().text()).toBe(201);
}

const predict = (h: Harness, model: string) =>
  h.call(
    `/v1/projects/default/models/${model}/predict`,
    json({
      rows: [
        [1, 2],
        [3, 4],
      ],
    }),
  );

/** Names of the tests' own, resolved without DNS. */
const names: Record<string, string[]> = {
  'loopback.test': ['127.0.0.1'],
  'ipv6-loopback.test': ['::1'],
  'mixed.test': ['93.184.216.34', '10.0.0.7'],
  'metadata.test': ['169.254.169.254'],
  'public.test': ['93.184.216.34'],
  'models.test': ['127.0.0.1'],
};
let rebindTo = '93.184.216.34';
const resolver = async (name: string) => {
  if (name === 'rebind.test') return [{ address: rebindTo }];
  const found = names[name.replace(/\.$/, '')];
  if (!found) throw new Error(`ENOTFOUND ${name}`);
  return found.map((address) => ({ address }));
};

describe('remote model URLs are refused unless allowed (ASSAY_REMOTE_ALLOWED_HOSTS unset)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({}, { resolver });
    expect((await h.call('/v1/projects/default/models', json({ name: 'm' }))).status).toBe(201);
  });
  afterAll(() => h?.close());

  const refused: [string, RegExp][] = [
    ['file:///etc/passwd', /the scheme 'file:' is not allowed; only http: and https: are/],
    ['gopher://127.0.0.1:70/_INFO', /the scheme 'gopher:' is not allowed/],
    ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is a link-local address/],
    ['http://127.0.0.1:4000', /127\.0\.0\.1 is a loopback address/],
    ['http://[::1]:4000', /::1 is a loopback address/],
    // WHATWG URL parsing turns these spellings into 127.0.0.1 before any check.
    ['http://2130706433:4000', /127\.0\.0\.1 is a loopback address/],
    ['http://0x7f.1:4000', /127\.0\.0\.1 is a loopback address/],
    ['http://017700000001:4000', /127\.0\.0\.1 is a loopback address/],
    ['http://127.1:4000', /127\.0\.0\.1 is a loopback address/],
    ['http://0:4000', /0\.0\.0\.0 is a "this network" address/],
    ['http://[::ffff:127.0.0.1]:4000', /127\.0\.0\.1 is a loopback address/],
    ['http://[::ffff:7f00:1]:4000', /127\.0\.0\.1 is a loopback address/],
    ['http://[64:ff9b::a9fe:a9fe]/', /link-local address .*\(embedded in 64:ff9b::a9fe:a9fe\)/],
    ['http://[fe80::1]/', /fe80::1 is a link-local address/],
    ['http://[fd00:ec2::254]/', /fd00:ec2::254 is a unique local \(private\) address/],
    ['http://10.1.2.3:8080', /10\.1\.2\.3 is a private address/],
    ['http://172.16.0.1', /172\.16\.0\.1 is a private address/],
    ['http://192.168.1.1', /192\.168\.1\.1 is a private address/],
    ['http://100.64.0.1', /100\.64\.0\.1 is a shared \(carrier-grade NAT\) address/],
    ['http://localhost:4000', /'localhost' is a loopback name/],
    ['http://LOCALHOST.:4000', /'localhost\.' is a loopback name/],
    ['http://api.localhost', /'api\.localhost' is a loopback name/],
    ['http://metadata.google.internal/computeMetadata/v1/', /a cloud metadata service name/],
    // Names resolved by the injected resolver: every address must be allowed.
    ['http://loopback.test:4000', /'loopback\.test' resolves to 127\.0\.0\.1, a loopback address/],
    ['http://ipv6-loopback.test', /'ipv6-loopback\.test' resolves to ::1, a loopback address/],
    ['http://mixed.test', /'mixed\.test' resolves to 10\.0\.0\.7, a private address/],
    ['http://metadata.test', /'metadata\.test' resolves to 169\.254\.169\.254, a link-local/],
    ['http://nowhere.test', /'nowhere\.test' does not resolve to an address/],
    ['not a url', /'not a url' is not a URL/],
  ];

  it.each(refused)('refuses %s at registration with 400 naming the rule', async (url, rule) => {
    const res = await upload(h, 'm', descriptor(url));
    expect(res.status).toBe(400);
    const body = await readJson<ProblemBody>(res);
    expect(body.type).toBe('https://assay.dev/problems/outbound-refused');
    expect(body.detail).toMatch(/^The remote model's url: /);
    expect(body.detail).toMatch(rule);
    expect(body.errors).toEqual([{ path: 'bytes.url', message: expect.stringMatching(rule) }]);
  });

  it('stored none of them, and accepts a public name', async () => {
    const versions = await readJson<{ items: unknown[] }>(
      await h.call('/v1/projects/default/models/m/versions'),
    );
    expect(versions.items).toEqual([]);
    expect((await upload(h, 'm', descriptor('http://public.test/'))).status).toBe(201);
    expect((await upload(h, 'm', descriptor('https://93.184.216.34/'))).status).toBe(201);
  });

  it('refuses a malformed descriptor at registration (it used to be stored unchecked)', async () => {
    const res = await upload(h, 'm', JSON.stringify({ url: endpoint.url, protocol: 'grpc' }));
    expect(res.status).toBe(400);
    expect((await readJson<ProblemBody>(res)).detail).toMatch(/invalid remote model descriptor: /);
  });

  it('checks again at each call: a name that re-resolves to loopback is refused (DNS rebinding)', async () => {
    rebindTo = '93.184.216.34';
    await register(h, 'rebound', `http://rebind.test:${endpoint.port}`);
    rebindTo = '127.0.0.1';
    requests.length = 0;
    const res = await predict(h, 'rebound');
    expect(res.status).toBe(502);
    expect((await readJson<ProblemBody>(res)).detail).toBe(
      `remote model http://rebind.test:${endpoint.port}/v2/models/sum/infer refused: 'rebind.test' resolves to 127.0.0.1, a loopback address; list it in ASSAY_REMOTE_ALLOWED_HOSTS to allow it`,
    );
    expect(requests).toEqual([]);
  });

  it('checks in a job’s compute thread too (with the system’s DNS, which knows no rebind.test)', async () => {
    rebindTo = '93.184.216.34';
    const body = await finished(h, await evaluationJob(h, 'rebound'));
    expect(body.status).toBe('failed');
    expect(JSON.stringify(body.error)).toMatch(
      /refused: 'rebind\.test' does not resolve to an address/,
    );
    expect(requests).toEqual([]);
  });
});

/** Polls a job until it has ended. */
async function finished(h: Harness, id: string) {
  let body: { status: string; result?: unknown; error?: unknown } = { status: 'queued' };
  for (let i = 0; i < 300 && (body.status === 'queued' || body.status === 'running'); i++) {
    await new Promise((r) => setTimeout(r, 100));
    body = await readJson(await h.call(`/v1/projects/default/jobs/${id}`));
  }
  return body;
}

/** Starts a batch test of `model` as a job and answers the job's id. */
async function evaluationJob(h: Harness, model: string): Promise<string> {
  const res = await h.call(
    '/v1/projects/default/evaluations',
    json({
      model,
      dataset: { format: 'csv', content: 'a,b,y\n1,2,21\n3,4,40\n' },
      target: 'y',
      metrics: [{ name: 'mse' }],
      async: true,
    }),
  );
  expect(res.status, await res.clone().text()).toBe(202);
  return (await readJson<{ id: string }>(res)).id;
}

describe('an allowed host works end to end (ASSAY_REMOTE_ALLOWED_HOSTS=127.0.0.1,*.test)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(
      { ASSAY_REMOTE_ALLOWED_HOSTS: '127.0.0.1, *.test', ASSAY_REMOTE_MAX_RESPONSE_BYTES: '65536' },
      { resolver },
    );
  });
  afterAll(() => h?.close());

  it('registers the endpoint by address and predicts through it', async () => {
    await register(h, 'sum', endpoint.url);
    const res = await predict(h, 'sum');
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await readJson<{ outputs: number[][] }>(res)).outputs).toEqual([[21], [43]]);
  });

  it('connects a listed name to the address the policy resolved (no DNS knows models.test)', async () => {
    await register(h, 'by-name', `http://models.test:${endpoint.port}`);
    const res = await predict(h, 'by-name');
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await readJson<{ outputs: number[][] }>(res)).outputs).toEqual([[21], [43]]);
  });

  it('still refuses what the list does not name: ::1, 10.x, localhost', async () => {
    for (const url of ['http://[::1]:1', 'http://10.0.0.1', 'http://localhost:1']) {
      expect((await upload(h, 'sum', descriptor(url))).status, url).toBe(400);
    }
  });

  it('answers an upstream HTTP error as 502 with the status only, never its body', async () => {
    await register(h, 'broken', endpoint.url, 'broken');
    const res = await predict(h, 'broken');
    expect(res.status).toBe(502);
    const text = await res.text();
    expect(text).not.toMatch(/SECRET|root:x/);
    expect((JSON.parse(text) as ProblemBody).detail).toBe(
      `remote model ${endpoint.url}/v2/models/broken/infer answered HTTP 500`,
    );
  });

  it('does not follow a redirect, nor echo its body', async () => {
    await register(h, 'moved', endpoint.url, 'moved');
    requests.length = 0;
    const res = await predict(h, 'moved');
    expect(res.status).toBe(502);
    const text = await res.text();
    expect(text).not.toMatch(/SECRET|169\.254/);
    expect((JSON.parse(text) as ProblemBody).detail).toBe(
      `remote model ${endpoint.url}/v2/models/moved/infer answered HTTP 302 (redirects are not followed)`,
    );
    expect(requests).toEqual(['/v2/models/moved/infer']);
  });

  it('drops an answer above ASSAY_REMOTE_MAX_RESPONSE_BYTES (streamed or declared) with a 502, and serves on', async () => {
    for (const name of ['huge', 'huge-declared']) {
      await register(h, name, endpoint.url, name);
      const res = await predict(h, name);
      expect(res.status, name).toBe(502);
      expect((await readJson<ProblemBody>(res)).detail).toBe(
        `remote model ${endpoint.url}/v2/models/${name}/infer answered more than 65536 bytes (ASSAY_REMOTE_MAX_RESPONSE_BYTES)`,
      );
    }
    const res = await predict(h, 'sum');
    expect(res.status, await res.clone().text()).toBe(200);
  });

  it('says "could not connect" alike for a refused port and a reset, without a socket code', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await register(h, 'refused', `http://127.0.0.1:${port}`);
    await register(h, 'reset', endpoint.url, 'reset');
    for (const [model, infer] of [
      ['refused', `http://127.0.0.1:${port}/v2/models/sum/infer`],
      ['reset', `${endpoint.url}/v2/models/reset/infer`],
    ] as const) {
      const res = await predict(h, model);
      expect(res.status).toBe(502);
      const text = await res.text();
      expect(text).not.toMatch(/ECONN|UND_ERR|socket|hang up/i);
      expect((JSON.parse(text) as ProblemBody).detail).toBe(
        `remote model ${infer}: could not connect`,
      );
    }
  });

  it('runs a batch test of the remote model as a job (a compute thread, same policy)', async () => {
    const body = await finished(h, await evaluationJob(h, 'sum'));
    expect(body.status, JSON.stringify(body)).toBe('succeeded');
    expect(JSON.stringify(body.result)).toMatch(/"mse"/);
  });
});
