'use server';

import { requireSession } from '../../lib/session';

export interface ComputeState {
  result?: unknown;
  error?: string;
  status?: number;
}

/** Computes one catalog metric (`POST /v1/metrics/{name}`); its answer or problem comes back. */
export async function computeMetric(
  name: string,
  body: { input: unknown; params?: unknown },
): Promise<ComputeState> {
  const { api } = await requireSession();
  const { data, error, response } = await api.POST('/v1/metrics/{name}', {
    params: { path: { name } },
    body: body as { input: unknown; params?: unknown },
  });
  if (error !== undefined || data === undefined) {
    const problem = error as { detail?: string; errors?: { path?: string; message?: string }[] };
    // Each field's message, unless the detail already says it.
    const where = (problem?.errors ?? [])
      .filter((e) => !(problem?.detail ?? '').includes(String(e.message)))
      .map((e) => `${e.path}: ${e.message}`);
    return {
      status: response.status,
      error: [problem?.detail ?? `The API answered ${response.status}`, ...where].join(' · '),
    };
  }
  return { result: data, status: response.status };
}
