'use server';

import { redirect } from 'next/navigation';
import { ApiProblem, unwrap } from '../../../lib/api';
import { requireSession } from '../../../lib/session';

const FAIRNESS_METRICS = ['groupMetrics', 'demographicParityDifference', 'equalizedOddsDifference'];

export interface BatchTestState {
  error?: string;
}

type Session = Awaited<ReturnType<typeof requireSession>>;

/**
 * Sends a request that answers a job (`async: true`) and the browser to the job's page, where its
 * progress shows; the API's refusal comes back as the form's error.
 */
async function startJob(
  send: (session: Session) => Promise<{ data?: unknown; error?: unknown; response: Response }>,
): Promise<BatchTestState> {
  let jobId: string;
  try {
    const job = await unwrap(send(await requireSession()));
    jobId = (job as { id: string }).id;
  } catch (err) {
    if (err instanceof ApiProblem) return { error: err.message };
    throw err;
  }
  redirect(`/jobs/${jobId}`);
}

/**
 * Starts a batch test of a version on an uploaded dataset as a job (`async: true`: the page does
 * not wait for it) and sends the browser to the job's page, where its progress shows. The API's
 * refusal (an unknown column, a metric that does not fit the model) is shown beside the form.
 */
export async function startBatchTest(
  model: string,
  _prev: BatchTestState,
  form: FormData,
): Promise<BatchTestState> {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  const version = Number(text('version'));
  const sensitive = text('sensitive');
  // Fairness metrics read their groups from a column: the form's sensitive column.
  const metrics = text('metrics')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((name) =>
      sensitive && FAIRNESS_METRICS.includes(name) ? { name, inputs: { sensitive } } : { name },
    );
  if (!text('dataset')) return { error: 'Choose a dataset (upload one on the Datasets page)' };
  if (!text('target')) return { error: 'Name the target column (the true labels or values)' };
  if (metrics.length === 0) return { error: 'Name at least one metric, e.g. accuracy, rocAuc' };
  const resamples = Number(text('resamples'));
  const level = Number(text('level') || '0.95');
  if (!(level > 0 && level < 1)) return { error: 'The level is a share between 0 and 1, e.g. 0.9' };
  return startJob(({ api, project }) =>
    api.POST('/v1/projects/{project}/evaluations', {
      params: { path: { project } },
      body: {
        model,
        ...(Number.isInteger(version) && version > 0 ? { version } : {}),
        dataset: { id: text('dataset') },
        target: text('target'),
        metrics,
        ...(form.get('confidence') === 'on'
          ? {
              confidence: {
                level,
                nResamples: Number.isInteger(resamples) ? resamples : 1000,
              },
            }
          : {}),
        async: true,
      },
    }),
  );
}

/**
 * Starts a text batch test of a version as a job and sends the browser to the job's page: the
 * prompts and references (one or several columns) of an uploaded dataset, the outputs from the
 * version's text endpoint or from a stored column. The API's refusal (a missing column, a version
 * that is not a text model) is shown beside the form.
 */
export async function startTextBatchTest(
  model: string,
  _prev: BatchTestState,
  form: FormData,
): Promise<BatchTestState> {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  const version = Number(text('version'));
  const references = text('references')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  if (!text('dataset')) return { error: 'Choose a dataset (upload one on the Datasets page)' };
  if (!text('prompt')) return { error: 'Name the column of prompts' };
  if (references.length === 0) return { error: 'Name at least one column of references' };
  const resamples = Number(text('resamples'));
  return startJob(({ api, project }) =>
    api.POST('/v1/projects/{project}/text-evaluations', {
      params: { path: { project } },
      body: {
        model,
        ...(Number.isInteger(version) && version > 0 ? { version } : {}),
        dataset: { id: text('dataset') },
        prompt: text('prompt'),
        references,
        ...(text('outputs') ? { outputs: text('outputs') } : {}),
        ...(form.get('confidence') === 'on'
          ? { confidence: { nResamples: Number.isInteger(resamples) ? resamples : 1000 } }
          : {}),
        async: true,
      },
    }),
  );
}
