import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemoteModelError } from '../remote.js';
import {
  createRemoteTextModel,
  isRemoteTextDescriptor,
  parseRemoteTextDescriptor,
} from '../remoteText.js';

/**
 * One server in the test speaking both protocols: KServe v2 model "upper" answers each BYTES
 * prompt upper-cased; the OpenAI-compatible `/v1/completions` answers "<prompt> done", choices in
 * reverse order (the API does not promise order); the "broken" and "slow" models misbehave.
 */
let server: Server;
let base: string;
const requests: { url: string; body: Record<string, unknown> }[] = [];

function handler(req: IncomingMessage, res: ServerResponse): void {
  let raw = '';
  req.on('data', (chunk) => {
    raw += chunk;
  });
  req.on('end', () => {
    const body = raw === '' ? {} : JSON.parse(raw);
    requests.push({ url: req.url ?? '', body });
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
    };
    if (req.url === '/v2/models/upper/infer') {
      const input = body.inputs[0];
      send(200, {
        outputs: [
          {
            name: 'text_output',
            shape: input.shape,
            datatype: 'BYTES',
            data: input.data.map((s: string) => s.toUpperCase()),
          },
        ],
      });
    } else if (req.url === '/v1/completions' && body.model === 'gpt-test') {
      const prompts: string[] = body.prompt;
      send(200, {
        object: 'text_completion',
        choices: prompts
          .map((p, index) => ({ index, text: `${p} done`, finish_reason: 'stop' }))
          .reverse(),
      });
    } else if (req.url === '/v1/completions') {
      send(404, { error: { message: `model ${body.model} not found` } });
    } else if (req.url === '/v2/models/short/infer') {
      send(200, { outputs: [{ name: 'o', datatype: 'BYTES', shape: [1], data: ['x'] }] });
    } else if (req.url === '/v2/models/numbers/infer') {
      send(200, { outputs: [{ name: 'o', datatype: 'FP64', shape: [1], data: [1] }] });
    } else if (req.url === '/v2/models/slow/infer') {
      setTimeout(() => send(200, { outputs: [] }), 2000);
    } else {
      send(500, { error: 'crashed' });
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

const text = (m: Record<string, unknown>) => ({ output: { kind: 'text' as const }, ...m });

describe('createRemoteTextModel(kserve-v2)', () => {
  it('sends BYTES tensors of at most batchSize prompts and reads the strings back in order', async () => {
    requests.length = 0;
    const model = createRemoteTextModel(
      text({ url: base, protocol: 'kserve-v2', modelName: 'upper', batchSize: 2 }) as never,
    );
    expect(model.kind).toBe('remote:kserve-v2-text');
    expect(await model.generate(['a b', 'ça', 'x'])).toEqual(['A B', 'ÇA', 'X']);
    expect(requests.map((r) => r.url)).toEqual([
      '/v2/models/upper/infer',
      '/v2/models/upper/infer',
    ]);
    expect(requests[0]?.body).toEqual({
      inputs: [{ name: 'text_input', shape: [2], datatype: 'BYTES', data: ['a b', 'ça'] }],
    });
  });

  it('says what went wrong: HTTP status, a count that does not match, numbers, a timeout', async () => {
    const of = (modelName: string, extra = {}) =>
      createRemoteTextModel(
        text({ url: base, protocol: 'kserve-v2', modelName, ...extra }) as never,
      ).generate(['a', 'b']);
    await expect(of('broken')).rejects.toThrow(
      `remote model ${base}/v2/models/broken/infer answered HTTP 500`,
    );
    await expect(of('short')).rejects.toThrow(/answered 1 texts for 2 prompts/);
    await expect(of('numbers')).rejects.toThrow(/no BYTES output of strings/);
    await expect(of('slow', { timeoutMs: 100 })).rejects.toThrow(
      /timed out \(did not answer within 100 ms\)/,
    );
  });
});

describe('createRemoteTextModel(openai-completions)', () => {
  it('posts model, the batch of prompts, max_tokens and temperature 0; places choices by index', async () => {
    requests.length = 0;
    const model = createRemoteTextModel(
      text({
        url: `${base}/`,
        protocol: 'openai-completions',
        modelName: 'gpt-test',
        maxTokens: 16,
      }) as never,
    );
    expect(model.kind).toBe('remote:openai-completions');
    expect(await model.generate(['one', 'two', 'three'])).toEqual([
      'one done',
      'two done',
      'three done',
    ]);
    expect(requests).toEqual([
      {
        url: '/v1/completions',
        body: {
          model: 'gpt-test',
          prompt: ['one', 'two', 'three'],
          max_tokens: 16,
          temperature: 0,
        },
      },
    ]);
  });

  it('answers the HTTP status of a refusal, never the server’s text', async () => {
    const model = createRemoteTextModel(
      text({ url: base, protocol: 'openai-completions', modelName: 'nope' }) as never,
    );
    const error = await model.generate(['a']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteModelError);
    expect((error as RemoteModelError).status).toBe(404);
    expect((error as Error).message).not.toContain('not found');
  });

  it('passes a refusal of the caller’s fetch on as it is', async () => {
    const refused = new RemoteModelError('remote model url: 10.0.0.1 is not allowed', 'x');
    const model = createRemoteTextModel({
      ...text({ url: 'http://10.0.0.1', protocol: 'openai-completions', modelName: 'm' }),
      fetch: async () => {
        throw refused;
      },
    } as never);
    await expect(model.generate(['a'])).rejects.toBe(refused);
  });
});

describe('parseRemoteTextDescriptor(bytes)', () => {
  const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
  it('reads a text descriptor and tells it apart from a numeric one', () => {
    const doc = text({ url: 'http://m:8080', protocol: 'openai-completions', modelName: 'g' });
    expect(parseRemoteTextDescriptor(enc(doc))).toEqual(doc);
    expect(isRemoteTextDescriptor(enc(doc))).toBe(true);
    expect(
      isRemoteTextDescriptor(
        enc({ url: 'http://m', protocol: 'kserve-v2', modelName: 'x', nFeatures: 2 }),
      ),
    ).toBe(false);
    expect(isRemoteTextDescriptor(new TextEncoder().encode('{'))).toBe(false);
  });
  it('names the bad field', () => {
    expect(() =>
      parseRemoteTextDescriptor(enc(text({ url: 'http://m', protocol: 'grpc', modelName: 'x' }))),
    ).toThrow(/invalid remote text model descriptor: protocol: /);
  });
});
