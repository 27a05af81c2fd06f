'use server';

import { redirect } from 'next/navigation';
import { ApiProblem, unwrap } from '../../../../lib/api';
import { requireSession } from '../../../../lib/session';

/** Where the gates page shows what an action did (or why the API refused it). */
const back = (model: string, notice: string, kind: 'ok' | 'error') =>
  `/models/${encodeURIComponent(model)}/gates?${kind}=${encodeURIComponent(notice)}`;

/**
 * Moves an alias to a version (with an override reason when given). A guarded alias without a
 * passing gate report is refused by the API with a 409 naming the failing checks; the page shows
 * it.
 */
export async function moveAlias(model: string, form: FormData): Promise<void> {
  const alias = String(form.get('alias') ?? '');
  const version = Number(form.get('version'));
  const reason = String(form.get('reason') ?? '').trim();
  let notice: string;
  let kind: 'ok' | 'error' = 'ok';
  try {
    const { api, project } = await requireSession();
    const moved = await unwrap(
      api.PUT('/v1/projects/{project}/models/{model}/aliases/{alias}', {
        params: { path: { project, model, alias } },
        body: { version, ...(form.has('reason') ? { override: { reason } } : {}) },
      }),
    );
    notice = `${alias} now points at v${moved.version}${form.has('reason') ? ' (override recorded)' : ''}`;
  } catch (err) {
    if (!(err instanceof ApiProblem)) throw err;
    notice = err.message;
    kind = 'error';
  }
  redirect(back(model, notice, kind));
}

/** Runs the alias's gate on a candidate version (within the request for small datasets). */
export async function runGate(model: string, form: FormData): Promise<void> {
  const alias = String(form.get('alias') ?? '');
  const version = Number(form.get('version'));
  let notice: string;
  let kind: 'ok' | 'error' = 'ok';
  try {
    const { api, project } = await requireSession();
    const { data, error, response } = await api.POST(
      '/v1/projects/{project}/models/{model}/aliases/{alias}/gate-runs',
      { params: { path: { project, model, alias } }, body: { version } },
    );
    if (error !== undefined || data === undefined) {
      throw new ApiProblem(
        response.status,
        (error as { detail?: string } | undefined)?.detail ?? `The API answered ${response.status}`,
      );
    }
    notice =
      'passed' in data
        ? `gate of ${alias} on v${version}: ${data.passed ? 'passed' : 'failed'}`
        : `gate of ${alias} on v${version} runs as job ${data.id}`;
  } catch (err) {
    if (!(err instanceof ApiProblem)) throw err;
    notice = err.message;
    kind = 'error';
  }
  redirect(back(model, notice, kind));
}
