'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { ApiProblem, apiFor, unwrap } from '../lib/api';
import { KEY_COOKIE } from '../lib/env';

/** Checks the key against the API before keeping it in an HTTP-only cookie. */
export async function signIn(formData: FormData): Promise<void> {
  const key = String(formData.get('apiKey') ?? '').trim();
  if (!key) redirect(`/login?error=${encodeURIComponent('Paste an API key')}`);
  try {
    await unwrap(apiFor(key).GET('/v1/me'));
  } catch (err) {
    const message = err instanceof ApiProblem ? err.message : 'The key could not be checked';
    redirect(`/login?error=${encodeURIComponent(message)}`);
  }
  (await cookies()).set(KEY_COOKIE, key, { httpOnly: true, sameSite: 'strict', path: '/' });
  redirect('/models');
}

export async function signOut(): Promise<void> {
  (await cookies()).delete(KEY_COOKIE);
  redirect('/login');
}
