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
  // A relative Location: behind a proxy (or `next start -H 127.0.0.1`) `request.url` may name
  // another host than the browser used, and the cookie would not follow the redirect there.
  const response = new NextResponse(null, { status: 303, headers: { location: '/turing/judge' } });
  response.cookies.set(JUDGE_COOKIE, JSON.stringify({ project, id, token }), {
    httpOnly: true,
    // Lax, not Strict: an invitation opened from a mail (a cross-site navigation) must keep it
    // across the redirect; the page's own submissions are same-site.
    sameSite: 'lax',
    path: '/turing/judge',
    secure:
      request.headers.get('x-forwarded-proto') === 'https' || request.url.startsWith('https:'),
  });
  response.headers.set('Referrer-Policy', 'no-referrer');
  return response;
}
