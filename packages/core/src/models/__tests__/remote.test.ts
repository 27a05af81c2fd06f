import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permutationImportance } from '../../explain/permutationImportance.js';
import { createRemoteModel, RemoteModelError } from '../remote.js';

/** A KServe-v2 server in the test: y = 2·x0 − x1 + 0.5 for model "lin"; other routes misbehave. */
let server: Server;
let base: string;
const requests: { url: string; body: unknown }[] = [];

function handler(req: IncomingMessage, res: ServerResponse): void {
  let raw = '';
  req.on('data', (chunk) => {
    raw += chunk;
  });
  req.on('end', () => {
    const body = raw === '' ? undefined : JSON.parse(raw);
    requests.push({ url: req.url ?? '', body });
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
    };
    if (req.url === '/v2/models/lin/infer') {
      const input = body.inputs[0];
      const [rows] = input.shape;
      const data: number[] = [];
      for (let i = 0; i < rows; i++) data.push(2 * input.data[2 * i] - input.data[2 * i + 1] + 0.5);
      send(200, {
        model_name: 'lin',
        outputs: [{ name: 'output-0', shape: [rows, 1], datatype: 'FP64', data }],
      });
    } else if (req.url === '/v2/models/slow/infer') {
      setTimeout(() => send(200, { outputs: [] }), 2000);
    } else if (req.url === '/v2/models/broken/infer') {
      send(500, { error: 'model crashed' });
    } else if (req.url === '/v2/models/moved/infer') {
      res.writeHead(307, { location: '/v2/models/lin/infer' });
      res.end('see elsewhere');
    } else if (req.url === '/v2/models/garbage/infer') {
      send(200, 'not json');
    } else if (req.url === '/v2/models/short/infer') {
      send(200, { outputs: [{ name: 'o', shape: [1], datatype: 'FP64', data: [1] }] });
    } else {
      send(404, { error: `unknown model ${req.url}` });
    }
  });
}

beforeAll(async () => {
  server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const x = { rows: 3, cols: 2, data: Float64Array.from([1, 2, 3, 4, -1, 0.5]) };

describe('createRemoteModel (KServe v2 inference protocol)', () => {
  it('sends rows × features as one FP64 tensor and reads outputs[0].data, in batches', async () => {
    requests.length = 0;
    const model = createRemoteModel({ url: base, modelName: 'lin', nFeatures: 2, batchRows: 2 });
    expect(Array.from(await model.predict(x))).toEqual([0.5, 2.5, -2]);
    expect(requests).toHaveLength(2);
    expect(requests[0]?.body).toEqual({
      inputs: [{ name: 'input-0', shape: [2, 2], datatype: 'FP64', data: [1, 2, 3, 4] }],
    });
  });

  it('serves an explainer: permutation importance over HTTP', async () => {
    const model = createRemoteModel({
      url: `${base}/`,
      modelName: 'lin',
      featureNames: ['a', 'b'],
    });
    const X = Array.from({ length: 20 }, (_, i) => [Math.sin(i), Math.cos(i)]);
    const y = X.map(([a, b]) => 2 * (a as number) - (b as number) + 0.5);
    const r = await permutationImportance(model, X, y, { seed: 0, nRepeats: 2 });
    expect(r.featureNames).toEqual(['a', 'b']);
    expect(r.baselineScore).toBe(1);
    expect(r.timing.modelCalls).toBe(1 + 2 * 2);
  });

  it('times out with a clear error', async () => {
    const model = createRemoteModel({ url: base, modelName: 'slow', nFeatures: 2, timeoutMs: 100 });
    await expect(model.predict(x)).rejects.toThrow(/timed out \(did not answer within 100 ms\)$/);
  });

  it('reports HTTP errors with the status only, never the server’s message', async () => {
    const model = createRemoteModel({ url: base, modelName: 'broken', nFeatures: 2 });
    const error = await Promise.resolve(model.predict(x)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteModelError);
    expect((error as RemoteModelError).status).toBe(500);
    expect((error as Error).message).toBe(
      `remote model ${base}/v2/models/broken/infer answered HTTP 500`,
    );
    expect((error as Error).message).not.toMatch(/crashed/);
  });

  it('does not follow redirects', async () => {
    requests.length = 0;
    const model = createRemoteModel({ url: base, modelName: 'moved', nFeatures: 2 });
    await expect(model.predict(x)).rejects.toThrow(
      /answered HTTP 307 \(redirects are not followed\)$/,
    );
    expect(requests.map((r) => r.url)).toEqual(['/v2/models/moved/infer']);
  });

  it('sends through the injected fetch, and passes on a RemoteModelError it throws', async () => {
    const seen: string[] = [];
    const model = createRemoteModel({
      url: 'http://models.example',
      modelName: 'lin',
      nFeatures: 2,
      fetch: async (url, init) => {
        seen.push(`${init.method} ${url} ${init.redirect}`);
        throw new RemoteModelError('refused by the test', url);
      },
    });
    await expect(model.predict(x)).rejects.toThrow(/^refused by the test$/);
    expect(seen).toEqual(['POST http://models.example/v2/models/lin/infer manual']);
  });

  it('reports malformed and short answers, and unreachable servers, without their text', async () => {
    await expect(
      createRemoteModel({ url: base, modelName: 'garbage', nFeatures: 2 }).predict(x),
    ).rejects.toThrow(/answered a malformed body \(not JSON with an outputs array\)$/);
    await expect(
      createRemoteModel({ url: base, modelName: 'short', nFeatures: 2 }).predict(x),
    ).rejects.toThrow(/returned 1 numbers for 3 rows/);
    await expect(
      createRemoteModel({
        url: 'http://127.0.0.1:9',
        modelName: 'lin',
        nFeatures: 2,
        timeoutMs: 2000,
      }).predict(x),
    ).rejects.toThrow(
      /^remote model http:\/\/127\.0\.0\.1:9\/v2\/models\/lin\/infer: could not connect$/,
    );
    expect(() =>
      createRemoteModel({ url: 'file:///etc/passwd', modelName: 'x', nFeatures: 1 }),
    ).toThrow(/http or https/);
  });
});
