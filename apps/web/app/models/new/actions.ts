'use server';

import { redirect } from 'next/navigation';
import { ApiProblem, unwrap } from '../../../lib/api';
import { requireSession } from '../../../lib/session';

export interface FormState {
  error?: string;
}

/** Registers a model and sends the browser on to upload its first version. */
export async function registerModel(_prev: FormState, form: FormData): Promise<FormState> {
  const name = String(form.get('name') ?? '').trim();
  const description = String(form.get('description') ?? '').trim();
  if (!name) return { error: 'Name the model (letters, digits, . _ -), e.g. churn' };
  try {
    const { api, project } = await requireSession();
    await unwrap(
      api.POST('/v1/projects/{project}/models', {
        params: { path: { project } },
        body: { name, ...(description ? { description } : {}) },
      }),
    );
  } catch (err) {
    if (err instanceof ApiProblem) return { error: err.message };
    throw err;
  }
  redirect(`/models/${encodeURIComponent(name)}/versions/new`);
}
