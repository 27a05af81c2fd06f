'use server';

import { revalidatePath } from 'next/cache';
import { ApiProblem, unwrap } from '../../lib/api';
import { requireSession } from '../../lib/session';

export interface CancelState {
  error?: string;
  /** A running job stops at its next progress point; until then it shows as still running. */
  requested?: boolean;
}

/** Asks the API to cancel a job; its refusal (a viewer key, a job that has ended) is shown as is. */
export async function cancelJob(jobId: string, _prev: CancelState): Promise<CancelState> {
  try {
    const { api, project } = await requireSession();
    await unwrap(
      api.POST('/v1/projects/{project}/jobs/{job}/cancel', {
        params: { path: { project, job: jobId } },
      }),
    );
  } catch (err) {
    if (err instanceof ApiProblem) return { error: err.message };
    throw err;
  }
  revalidatePath('/jobs');
  revalidatePath(`/jobs/${jobId}`);
  return { requested: true };
}
