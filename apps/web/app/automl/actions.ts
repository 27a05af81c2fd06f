'use server';

import { redirect } from 'next/navigation';
import { ApiProblem, unwrap } from '../../lib/api';
import { requireSession } from '../../lib/session';

export interface StartState {
  error?: string;
}

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

/** Starts an AutoML run from the form and opens its page; the API's refusal shows beside it. */
export async function startAutoMl(_prev: StartState, form: FormData): Promise<StartState> {
  const datasetId = text(form, 'datasetId');
  const target = text(form, 'target');
  const modelName = text(form, 'modelName');
  const budget = Number(text(form, 'budgetSeconds'));
  const seed = text(form, 'seed');
  const metric = text(form, 'metric');
  const exclude = text(form, 'excludeColumns');
  const parallel = text(form, 'parallelTrials');
  if (!datasetId) return { error: 'Choose a dataset (upload one on the Datasets page first)' };
  if (!target) return { error: 'Name the column to predict (the target)' };
  if (!modelName) return { error: 'Name the model the best pipeline is registered into' };
  if (!Number.isFinite(budget)) return { error: 'The budget is a number of seconds (1–3600)' };
  let id: string;
  try {
    const { api, project } = await requireSession();
    const started = await unwrap(
      api.POST('/v1/projects/{project}/automl-runs', {
        params: { path: { project } },
        body: {
          datasetId,
          target,
          modelName,
          budgetSeconds: budget,
          ...(seed ? { seed: Number(seed) } : {}),
          ...(parallel ? { parallelTrials: Number(parallel) } : {}),
          ...(metric ? { metric: metric as 'accuracy' } : {}),
          ...(exclude
            ? {
                excludeColumns: exclude
                  .split(',')
                  .map((c) => c.trim())
                  .filter(Boolean),
              }
            : {}),
        },
      }),
    );
    id = started.run.id;
  } catch (err) {
    if (err instanceof ApiProblem) return { error: err.message };
    throw err;
  }
  redirect(`/automl/${encodeURIComponent(id)}`);
}
