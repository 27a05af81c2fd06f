import { type AssayClient, type Schemas, unwrap } from './api';

/** The portal's reads of A/B tests, through the typed API client. */
export type AbTest = Schemas['AbTest'];
export type AbTestReport = Schemas['AbTestReport'];

export function listAbTests(api: AssayClient, project: string, cursor?: string) {
  return unwrap(
    api.GET('/v1/projects/{project}/ab-tests', {
      params: { path: { project }, query: { limit: 50, ...(cursor ? { cursor } : {}) } },
    }),
  );
}

export function getAbTestReport(api: AssayClient, project: string, id: string) {
  return unwrap(
    api.GET('/v1/projects/{project}/ab-tests/{id}/analysis', {
      params: { path: { project, id }, query: {} },
    }),
  );
}

/** A fraction as a signed percentage (a relative lift). */
export const signedPercent = (x: number | null | undefined) =>
  x == null || !Number.isFinite(x) ? '—' : `${x > 0 ? '+' : ''}${(x * 100).toFixed(2)} %`;

/** A probability as a percentage. */
export const percentOf = (x: number | null | undefined) =>
  x == null || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(1)} %`;
