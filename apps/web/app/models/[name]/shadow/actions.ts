'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { ApiProblem } from '../../../../lib/api';
import { requireSession } from '../../../../lib/session';
import { gateShadowTest, startShadowTest, stopShadowTest } from '../../../../lib/shadow';

export interface ShadowFormState {
  error?: string;
}

/** Starts a shadow test from the page's form and shows it; the API's refusal shows beside it. */
export async function startShadow(
  model: string,
  _prev: ShadowFormState,
  form: FormData,
): Promise<ShadowFormState> {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  const alias = text('alias') || 'production';
  const version = Number(text('version'));
  const remoteUrl = text('remoteUrl');
  const fraction = Number(text('fraction') || '1');
  const maxRequests = Number(text('maxRequests'));
  const minutes = Number(text('minutes'));
  if (!remoteUrl && !(Number.isInteger(version) && version > 0)) {
    return { error: 'Choose a candidate version, or give a remote endpoint' };
  }
  if (!(fraction >= 0 && fraction <= 1)) return { error: 'The sample is a share between 0 and 1' };
  let id: string;
  try {
    const { api, project } = await requireSession();
    const test = await startShadowTest(api, project, model, {
      alias,
      candidate: remoteUrl
        ? {
            remote: {
              url: remoteUrl,
              protocol: 'kserve-v2',
              modelName: text('remoteModel') || model,
            },
          }
        : { version },
      sampleFraction: fraction,
      ...(Number.isInteger(maxRequests) && maxRequests > 0 ? { maxRequests } : {}),
      ...(minutes > 0 ? { endsAt: new Date(Date.now() + minutes * 60_000).toISOString() } : {}),
    });
    id = test.id;
  } catch (err) {
    if (err instanceof ApiProblem) return { error: err.message };
    throw err;
  }
  redirect(`/models/${encodeURIComponent(model)}/shadow?test=${id}`);
}

/** Stops a running shadow test early. */
export async function stopShadow(model: string, id: string): Promise<void> {
  const { api, project } = await requireSession();
  await stopShadowTest(api, project, model, id);
  revalidatePath(`/models/${encodeURIComponent(model)}/shadow`);
}

/**
 * Runs the gate of the test's alias on its candidate, then shows the gate report's page (each
 * check's numbers and reason, the shadow test it used); a job (a large reference dataset) or a
 * refusal shows on the gates page.
 */
export async function gateShadow(model: string, id: string): Promise<void> {
  const { api, project } = await requireSession();
  const gates = `/models/${encodeURIComponent(model)}/gates`;
  let target: string;
  try {
    const answer = await gateShadowTest(api, project, model, id);
    // async: false asks for the report; a 202 (a job) is still possible with a large dataset.
    target =
      'passed' in answer
        ? `${gates}/${answer.id}`
        : `${gates}?ok=${encodeURIComponent(`The gate runs as job ${answer.id}`)}`;
  } catch (err) {
    if (!(err instanceof ApiProblem)) throw err;
    target = `${gates}?error=${encodeURIComponent(err.message)}`;
  }
  redirect(target);
}
