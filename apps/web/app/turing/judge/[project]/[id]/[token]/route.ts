import { NextResponse } from 'next/server';
import { JUDGE_COOKIE } from '../../../../../../lib/turing';

/**
 * The invitation link (`/turing/judge/{project}/{study}/{token}`): stores the invitation in an
 * HTTP-only, same-site cookie scoped to the judging page and redirects to the page itself, so the
 * token does not stay in the address bar, the history or a Referer. The API checks the token on
 * every judging call; a bad one shows as the page's message.
 */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ project: string; id: string; token: string }> },
) {
  const { project, id, token } = await params;
  const response = NextResponse.redirect(new URL('/turing/judge', request.url), 303);
  response.cookies.set(JUDGE_COOKIE, JSON.stringify({ project, id, token }), {
    httpOnly: true,
    sameSite: 'strict',
    path: '/turing/judge',
    secure: new URL(request.url).protocol === 'https:',
  });
  response.headers.set('Referrer-Policy', 'no-referrer');
  return response;
}
