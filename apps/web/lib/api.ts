import { type AssayClient, createAssayClient, type Schemas } from '@assay/client';
import { portalEnv } from './env';

export type { Schemas };

/** An RFC 9457 problem returned by the API, surfaced to the page as a readable message. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(detail);
  }
}

/** The typed API client (generated from the API's OpenAPI document) for one signed-in key. */
export function apiFor(key: string): AssayClient {
  return createAssayClient({
    baseUrl: portalEnv.apiUrl,
    apiKey: key,
    fetch: async (request: Request) => {
      try {
        return await fetch(request, { cache: 'no-store' });
      } catch (err) {
        throw new ApiProblem(
          503,
          `The Assay API at ${portalEnv.apiUrl} cannot be reached (${(err as Error).message})`,
        );
      }
    },
  });
}

/** The data of a call, or its problem as an `ApiProblem`. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || data === undefined) {
    const detail = (error as { detail?: string } | undefined)?.detail;
    throw new ApiProblem(response.status, detail ?? `The API answered ${response.status}`);
  }
  return data;
}
