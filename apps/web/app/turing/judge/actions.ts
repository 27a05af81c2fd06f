'use server';

import { redirect } from 'next/navigation';
import { ApiProblem } from '../../../lib/api';
import { currentInvitation, judgeSubmit } from '../../../lib/turing';

export interface JudgeState {
  error?: string;
}

/** Stores the judge's choice for the item on screen, then shows the next item. */
export async function submitJudgement(_prev: JudgeState, form: FormData): Promise<JudgeState> {
  const invitation = await currentInvitation();
  if (!invitation) return { error: 'Open the link from your invitation first.' };
  const itemId = String(form.get('itemId') ?? '');
  const choice = String(form.get('choice') ?? '');
  if (choice === '') return { error: 'Choose an answer first (keys 1 or 2), then press Enter.' };
  try {
    await judgeSubmit(invitation, itemId, choice);
  } catch (err) {
    if (err instanceof ApiProblem) return { error: err.message };
    throw err;
  }
  redirect('/turing/judge');
}
