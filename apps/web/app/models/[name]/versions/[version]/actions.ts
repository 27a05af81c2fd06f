'use server';

import { revalidatePath } from 'next/cache';
import { requireSession } from '../../../../../lib/session';

export interface MoveAliasState {
  ok?: string;
  error?: string;
  /** The gate's failing checks when it refused the move (the API's 409). */
  failedChecks?: { label: string; reason: string; observed: number | null; limit: number | null }[];
}

/**
 * Points an alias at this version (`PUT …/aliases/{alias}`) with the evidence: a reason, the
 * batch test that justifies it, the revision the form saw (a concurrent move is refused), and an
 * override reason when a gate is to be bypassed. A gate's refusal (409) comes back with its failed
 * checks, shown beside the form.
 */
export async function moveAliasHere(
  model: string,
  version: number,
  _prev: MoveAliasState,
  form: FormData,
): Promise<MoveAliasState> {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  const alias = text('alias') || text('newAlias');
  if (!alias) return { error: 'Choose an alias, or name a new one (e.g. production)' };
  const revision = text('expectedRevision');
  const { api, project } = await requireSession();
  const { data, error, response } = await api.PUT(
    '/v1/projects/{project}/models/{model}/aliases/{alias}',
    {
      params: { path: { project, model, alias } },
      body: {
        version,
        ...(revision !== '' && /^\d+$/.test(revision)
          ? { expectedRevision: Number(revision) }
          : {}),
        ...(text('reason') ? { reason: text('reason') } : {}),
        ...(text('evaluationId') ? { evaluationId: text('evaluationId') } : {}),
        ...(text('override') ? { override: { reason: text('override') } } : {}),
      },
    },
  );
  if (error !== undefined || data === undefined) {
    const problem = error as
      | {
          detail?: string;
          gate?: { failedChecks?: MoveAliasState['failedChecks'] };
        }
      | undefined;
    return {
      error: `${response.status === 409 ? 'Refused (409): ' : ''}${problem?.detail ?? `The API answered ${response.status}`}`,
      ...(problem?.gate?.failedChecks ? { failedChecks: problem.gate.failedChecks } : {}),
    };
  }
  revalidatePath(`/models/${encodeURIComponent(model)}/versions/${version}`);
  return { ok: `${alias} now points at v${data.version} (revision ${data.revision})` };
}
