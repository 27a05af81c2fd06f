import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { type ApiProblem, apiFor, unwrap } from './api';
import { KEY_COOKIE } from './env';

/** The signed-in key's client and identity; sends the browser to /login without a key. */
export async function requireSession() {
  const key = (await cookies()).get(KEY_COOKIE)?.value;
  if (!key) redirect('/login');
  const api = apiFor(key);
  const me = await unwrap(api.GET('/v1/me'));
  return { api, me, project: me.project.name };
}

/** Where a page lands when the API refuses: re-login on 401, else the message. */
export function loginOnUnauthorized(err: ApiProblem): void {
  if (err.status === 401) redirect(`/login?error=${encodeURIComponent(err.message)}`);
}
