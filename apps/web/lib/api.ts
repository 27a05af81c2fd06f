import { portalEnv } from './env';

/** The subset of the API's types the portal reads (see the API's /openapi.json). */
export interface Me {
  apiKey: { id: string; name: string | null; prefix: string; role: 'viewer' | 'editor' | 'admin' };
  project: { id: string; name: string };
}
export interface ModelVersion {
  id: string;
  number: number;
  format: string;
  sha256: string;
  sizeBytes: number;
  description: string | null;
  createdBy: string | null;
  createdAt: string;
}
export interface ModelWithVersions {
  id: string;
  name: string;
  description: string | null;
  tags: Record<string, string>;
  createdAt: string;
  versions: ModelVersion[];
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** An RFC 9457 problem returned by the API, surfaced to the page as a readable message. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(detail);
  }
}

async function get<T>(path: string, key: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${portalEnv.apiUrl}${path}`, {
      headers: { authorization: `Bearer ${key}`, accept: 'application/json' },
      cache: 'no-store',
    });
  } catch (err) {
    throw new ApiProblem(
      503,
      `The Assay API at ${portalEnv.apiUrl} cannot be reached (${(err as Error).message})`,
    );
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { detail?: string } | null;
    throw new ApiProblem(res.status, body?.detail ?? `The API answered ${res.status}`);
  }
  return (await res.json()) as T;
}

export const api = {
  me: (key: string) => get<Me>('/v1/me', key),
  listModels: (key: string, project: string, cursor?: string) =>
    get<Page<ModelWithVersions>>(
      `/v1/projects/${encodeURIComponent(project)}/models?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      key,
    ),
};
