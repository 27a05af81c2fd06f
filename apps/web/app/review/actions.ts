'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { ApiProblem, apiFor } from '../../lib/api';
import {
  claimReviewItem,
  readReviewerSession,
  reviewerCookie,
  submitReview,
} from '../../lib/review';

const queueUrl = (model: string, query: Record<string, string> = {}) => {
  const q = new URLSearchParams(query).toString();
  return `/review/${encodeURIComponent(model)}/queue${q ? `?${q}` : ''}`;
};

const field = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

/** Keeps a reviewer token for one model's queue in an HTTP-only cookie (checked on first use). */
export async function keepReviewerToken(form: FormData): Promise<void> {
  const model = field(form, 'model');
  const token = field(form, 'token');
  const project = field(form, 'project');
  if (!token || !project) {
    redirect(queueUrl(model, { error: 'Give the project and paste your reviewer token' }));
  }
  (await cookies()).set(reviewerCookie(model), JSON.stringify({ project, token }), {
    httpOnly: true,
    sameSite: 'strict',
    path: '/review',
  });
  redirect(queueUrl(model));
}

export async function forgetReviewerToken(form: FormData): Promise<void> {
  const model = field(form, 'model');
  (await cookies()).delete({ name: reviewerCookie(model), path: '/review' });
  redirect(queueUrl(model));
}

async function reviewerApi(model: string) {
  const session = readReviewerSession((await cookies()).get(reviewerCookie(model))?.value);
  if (!session) redirect(queueUrl(model, { error: 'Paste your reviewer token first' }));
  return { api: apiFor(session.token), project: session.project };
}

/** Claims the next item of the queue (or the reviewer's own live claim) and shows it. */
export async function claimNext(form: FormData): Promise<void> {
  const model = field(form, 'model');
  let target: string;
  try {
    const { api, project } = await reviewerApi(model);
    const { item } = await claimReviewItem(api, project, model);
    target = item ? queueUrl(model, { item: item.id }) : queueUrl(model, { empty: '1' });
  } catch (err) {
    if (!(err instanceof ApiProblem)) throw err;
    target = queueUrl(model, { error: err.message });
  }
  redirect(target);
}

/** Accepts the model's decision on the item, or corrects it with the label given. */
export async function reviewItem(form: FormData): Promise<void> {
  const model = field(form, 'model');
  const item = field(form, 'item');
  const decision = field(form, 'decision') === 'correct' ? 'correct' : 'accept';
  const raw = field(form, 'label');
  const label =
    raw !== '' && /^-?\d+(\.\d+)?$/.test(raw) && field(form, 'numeric') === '1' ? Number(raw) : raw;
  let target: string;
  try {
    const { api, project } = await reviewerApi(model);
    await submitReview(api, project, model, item, {
      decision,
      ...(decision === 'correct' ? { label } : {}),
    });
    target = queueUrl(model, { reviewed: item });
  } catch (err) {
    if (!(err instanceof ApiProblem)) throw err;
    target = queueUrl(model, { item, error: err.message });
  }
  redirect(target);
}
