import { type AssayClient, createAssayClient, type Schemas } from '@assay/client';
import { portalEnv } from './env';

export type { AssayClient, Schemas };

/** An RFC 9457 problem returned by the API, surfaced to the page as a readable message. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    detail: string,
    /** The fields the problem names (`path.job`, `body.metrics[0].name`, …). */
    readonly fields: readonly string[] = [],
  ) {
    super(detail);
  }

  /**
   * The thing a page names does not exist: a 404, or a 400 that only faults the URL's own ids
   * (`/jobs/nope` is not a UUID, so no such job).
   */
  get isNotFound(): boolean {
    return (
      this.status === 404 ||
      (this.status === 400 &&
        this.fields.length > 0 &&
        this.fields.every((f) => f.startsWith('path.')))
    );
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
    const problem = error as { detail?: string; errors?: { path?: string }[] } | undefined;
    throw new ApiProblem(
      response.status,
      problem?.detail ?? `The API answered ${response.status}`,
      (problem?.errors ?? []).map((e) => String(e.path ?? '')),
    );
  }
  return data;
}
