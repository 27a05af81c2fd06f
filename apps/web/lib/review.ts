import { type AssayClient, type Schemas, unwrap } from './api';

/** The portal's reads and writes of a model's review queue, through the typed API client. */
export type ReviewReport = Schemas['ReviewReport'];
export type ReviewItem = Schemas['ReviewItem'];
export type ReviewPolicy = Schemas['ReviewPolicy'];

/** The cookie holding a reviewer's token for one model's queue (HTTP-only, like the API key). */
export const reviewerCookie = (model: string) => `assay_reviewer.${model}`;

/** The reviewer's project and token as the cookie keeps them; `null` when absent or garbled. */
export function readReviewerSession(
  value: string | undefined,
): { project: string; token: string } | null {
  if (!value) return null;
  try {
    const parsed = JSON.parse(value) as { project?: unknown; token?: unknown };
    return typeof parsed.project === 'string' && typeof parsed.token === 'string'
      ? { project: parsed.project, token: parsed.token }
      : null;
  } catch {
    return null;
  }
}

export function getReviewReport(api: AssayClient, project: string, model: string) {
  return unwrap(
    api.GET('/v1/projects/{project}/models/{model}/review/report', {
      params: { path: { project, model }, query: {} },
    }),
  );
}

export async function getReviewPolicy(
  api: AssayClient,
  project: string,
  model: string,
): Promise<ReviewPolicy | null> {
  const { data, response } = await api.GET('/v1/projects/{project}/models/{model}/review/policy', {
    params: { path: { project, model } },
  });
  if (response.status === 404) return null;
  return unwrap(Promise.resolve({ data, response }));
}

export function listReviewItems(
  api: AssayClient,
  project: string,
  model: string,
  status?: ReviewItem['status'],
) {
  return unwrap(
    api.GET('/v1/projects/{project}/models/{model}/review/items', {
      params: { path: { project, model }, query: { limit: 20, ...(status ? { status } : {}) } },
    }),
  );
}

/** As the reviewer whose token `reviewer` is: the claimed item (the next, or a named one). */
export function claimReviewItem(
  reviewer: AssayClient,
  project: string,
  model: string,
  itemId?: string,
) {
  return unwrap(
    reviewer.POST('/v1/projects/{project}/models/{model}/review/claims', {
      params: { path: { project, model } },
      body: itemId ? { itemId } : {},
    }),
  );
}

export function submitReview(
  reviewer: AssayClient,
  project: string,
  model: string,
  item: string,
  body: { decision: 'accept' | 'correct'; label?: string | number },
) {
  return unwrap(
    reviewer.POST('/v1/projects/{project}/models/{model}/review/items/{item}/reviews', {
      params: { path: { project, model, item } },
      body,
    }),
  );
}

/** A rate as a percentage, or — when undefined. */
export const percent = (x: number | null | undefined) =>
  x == null || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(1)} %`;

/** A p-value the way tables show it. */
export const pValue = (p: number | null | undefined) =>
  p == null ? '—' : p < 1e-4 ? p.toExponential(1) : p.toFixed(4);
