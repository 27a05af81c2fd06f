import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { checkResponsesOf } from './check-responses-of.js';

describe('checkResponsesOf', () => {
  it('makes every fetch to a checked API reject when the answer is not documented', async () => {
    const document = {
      openapi: '3.1.0',
      paths: {
        '/v1/thing': {
          get: {
            responses: {
              200: {
                content: {
                  'application/json': {
                    schema: {
                      type: 'object',
                      properties: { a: { type: 'number' } },
                      additionalProperties: false,
                    },
                  },
                },
              },
            },
          },
        },
      },
    };
    const server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/openapi.json') res.end(JSON.stringify(document));
      else if (req.url === '/v1/thing?extra=1') res.end(JSON.stringify({ a: 1, b: 2 }));
      else if (req.url === '/v1/thing') res.end(JSON.stringify({ a: 1 }));
      else {
        res.statusCode = 418;
        res.end('{}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      checkResponsesOf(url);
      expect((await fetch(`${url}/v1/thing`)).status).toBe(200);
      await expect(fetch(`${url}/v1/thing?extra=1`)).rejects.toThrow(
        /must NOT have additional properties/,
      );
      await expect(fetch(`${url}/v1/thing`, { method: 'DELETE' })).rejects.toThrow(
        /no documented route/,
      );
    } finally {
      server.close();
    }
  });
});
