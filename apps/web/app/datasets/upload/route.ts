import { cookies } from 'next/headers';
import { ApiProblem, apiFor, unwrap } from '../../../lib/api';
import { KEY_COOKIE } from '../../../lib/env';

const FORMATS = ['csv', 'json', 'parquet'] as const;

const problem = (status: number, detail: string) =>
  Response.json(
    { status, detail },
    { status, headers: { 'content-type': 'application/problem+json' } },
  );

/**
 * `POST /datasets/upload?format=csv&name=…`: streams the request body (the file, raw) to the
 * API's dataset upload with the signed-in key from the HTTP-only cookie, and answers what the API
 * answered (the stored dataset, or its problem). The body is piped, never buffered: a server
 * action would hold the whole file in memory under a body limit, which is why files of hundreds
 * of MB go through this route.
 */
export async function POST(request: Request): Promise<Response> {
  const key = (await cookies()).get(KEY_COOKIE)?.value;
  if (!key) return problem(401, 'Sign in with an API key first');
  const query = new URL(request.url).searchParams;
  const format = FORMATS.find((f) => f === query.get('format'));
  if (!format) return problem(400, 'Choose the file’s format: csv, json or parquet');
  if (!request.body) return problem(400, 'Choose a non-empty file');
  const name = query.get('name')?.trim();
  const api = apiFor(key);
  try {
    const project = (await unwrap(api.GET('/v1/me'))).project.name;
    const length = request.headers.get('content-length');
    const { data, error, response } = await api.POST('/v1/projects/{project}/datasets', {
      params: { path: { project }, query: { format, ...(name ? { name } : {}) } },
      // The generated type says string (OpenAPI's binary); the bytes go through untouched.
      body: request.body as unknown as string,
      bodySerializer: (body: unknown) => body as BodyInit,
      headers: {
        'Content-Type': 'application/octet-stream',
        // With the length the API refuses a file over its limit before reading it.
        ...(length ? { 'Content-Length': length } : {}),
      },
      // Node's fetch needs this to send a stream as a request body; RequestInit's type lacks it.
      ...({ duplex: 'half' } as object),
    });
    return Response.json(data ?? error, { status: response.status });
  } catch (err) {
    if (err instanceof ApiProblem) return problem(err.status, err.message);
    throw err;
  }
}
