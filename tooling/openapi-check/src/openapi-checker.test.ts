import { describe, expect, it } from 'vitest';
import { OpenApiChecker } from './openapi-checker.js';

// The check the harness runs on every answer, on a small document: it must be able to fail.
const document = {
  openapi: '3.1.0',
  paths: {
    '/v1/things/{id}': {
      get: {
        responses: {
          200: {
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
          },
          404: {
            content: {
              'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
            },
          },
        },
      },
    },
    '/v1/things/special': {
      get: { responses: { 204: { description: 'Nothing' } } },
    },
    '/v1/stream': {
      get: { responses: { 200: { content: { 'text/event-stream': { schema: {} } } } } },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        properties: { id: { type: 'string', format: 'uuid' }, n: { type: ['number', 'null'] } },
        required: ['id', 'n'],
        additionalProperties: false,
      },
      Problem: {
        type: 'object',
        properties: { status: { type: 'integer' }, title: { type: 'string' } },
        required: ['status', 'title'],
      },
    },
  },
};
const id = '01a219b7-89dd-763a-9198-6f646f5602ca';
const json = 'application/json; charset=utf-8';

describe('OpenApiChecker.problems(method, url, status, contentType, body)', () => {
  const checker = new OpenApiChecker(document);

  it('accepts a body that matches the documented schema ($ref resolved, null allowed)', () => {
    expect(checker.problems('GET', `/v1/things/${id}?x=1`, 200, json, { id, n: null })).toEqual([]);
  });

  it('refuses a property the schema leaves out, a missing one and a wrong format', () => {
    expect(checker.problems('GET', `/v1/things/${id}`, 200, json, { id, n: 1, extra: 2 })).toEqual([
      expect.stringContaining('must NOT have additional properties'),
    ]);
    expect(checker.problems('GET', `/v1/things/${id}`, 200, json, { id })[0]).toContain(
      "must have required property 'n'",
    );
    expect(checker.problems('GET', '/v1/things/x', 200, json, { id: 'x', n: 1 })[0]).toContain(
      'must match format "uuid"',
    );
  });

  it('refuses an undocumented status and an undocumented content type', () => {
    expect(checker.problems('GET', `/v1/things/${id}`, 429, json, {})).toEqual([
      `GET /v1/things/${id} → 429: status 429 is not documented for /v1/things/{id}`,
    ]);
    expect(checker.problems('GET', `/v1/things/${id}`, 200, 'text/plain', 'hi')[0]).toContain(
      'content type text/plain is not documented',
    );
  });

  it('prefers a literal path to a template, and accepts a documented 204 or stream', () => {
    expect(checker.problems('GET', '/v1/things/special', 204, '', undefined)).toEqual([]);
    expect(checker.problems('GET', '/v1/stream', 200, 'text/event-stream', undefined)).toEqual([]);
  });

  it('lets an unknown route answer a problem only', () => {
    const problem = { status: 404, title: 'Not Found' };
    expect(checker.problems('GET', '/v1/nope', 404, 'application/problem+json', problem)).toEqual(
      [],
    );
    expect(checker.problems('GET', '/v1/nope', 404, json, problem)[0]).toContain(
      'no documented route',
    );
    expect(
      checker.problems('GET', '/v1/nope', 404, 'application/problem+json', { status: 404 })[0],
    ).toContain("must have required property 'title'");
  });
});
