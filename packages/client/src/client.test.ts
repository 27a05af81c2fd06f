import { describe, expect, it } from 'vitest';
import { createAssayClient } from './index.js';

describe('createAssayClient', () => {
  it('sends the key as a bearer token to the typed path, with path and query filled in', async () => {
    const seen: { url: string; auth: string | null }[] = [];
    const fakeFetch = async (input: Request) => {
      seen.push({ url: input.url, auth: input.headers.get('authorization') });
      return new Response(JSON.stringify({ items: [], nextCursor: null }), {
        headers: { 'content-type': 'application/json' },
      });
    };
    const assay = createAssayClient({
      baseUrl: 'http://api.test/',
      apiKey: 'assay_k',
      fetch: fakeFetch,
    });
    const { data, error } = await assay.GET('/v1/projects/{project}/models', {
      params: { path: { project: 'my project' }, query: { limit: 5 } },
    });
    expect(error).toBeUndefined();
    expect(data).toEqual({ items: [], nextCursor: null });
    expect(seen).toEqual([
      { url: 'http://api.test/v1/projects/my%20project/models?limit=5', auth: 'Bearer assay_k' },
    ]);
  });

  it('returns the problem document as `error` when the API refuses', async () => {
    const problem = {
      type: 'https://assay.dev/problems/not-found',
      title: 'Not Found',
      status: 404,
      detail: 'x',
    };
    const fakeFetch = async () =>
      new Response(JSON.stringify(problem), {
        status: 404,
        headers: { 'content-type': 'application/problem+json' },
      });
    const assay = createAssayClient({ baseUrl: 'http://api.test', fetch: fakeFetch });
    const { data, error } = await assay.GET('/v1/me');
    expect(data).toBeUndefined();
    expect(error).toEqual(problem);
  });
});
