import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './generated/schema.js';

export type { components, paths };
/** The API's named schemas: `Schemas['ModelVersion']`, `Schemas['Run']`, … */
export type Schemas = components['schemas'];
export type AssayClient = Client<paths>;

export interface AssayClientOptions {
  /** e.g. `http://127.0.0.1:4000` */
  baseUrl: string;
  /** An Assay API key (`assay_…`); omit for the public routes only. */
  apiKey?: string;
  /** For tests, caching policies and non-Node runtimes. @default globalThis.fetch */
  fetch?: (request: Request) => Promise<Response>;
}

/**
 * A typed client for every route of the Assay API, generated from its OpenAPI document
 * (`openapi.json` in this package). Calls return `{ data, error, response }`; `error` is the
 * RFC 9457 problem document when the API refuses.
 *
 * @example
 * const assay = createAssayClient({ baseUrl, apiKey });
 * const { data, error } = await assay.GET('/v1/projects/{project}/models', {
 *   params: { path: { project: 'default' }, query: { limit: 50 } },
 * });
 */
export function createAssayClient(options: AssayClientOptions): AssayClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  if (options.apiKey) {
    const auth: Middleware = {
      onRequest({ request }) {
        request.headers.set('authorization', `Bearer ${options.apiKey}`);
        return request;
      },
    };
    client.use(auth);
  }
  return client;
}
