import { notFound } from 'next/navigation';
import { ApiProblem } from '../lib/api';
import { loginOnUnauthorized } from '../lib/session';

/**
 * Renders a page, or the API's refusal as a readable message (a 401 goes back to sign-in; a page
 * whose model, run, job or experiment does not exist answers 404 with the not-found page).
 * Production Next.js hides thrown messages, so problems are rendered, not thrown.
 */
export async function withProblem(title: string, render: () => Promise<React.ReactNode>) {
  try {
    return await render();
  } catch (err) {
    if (!(err instanceof ApiProblem)) throw err;
    loginOnUnauthorized(err);
    if (err.isNotFound) notFound();
    return (
      <section>
        <h1>{title}</h1>
        <p role="alert" className="error">
          {err.message}
        </p>
      </section>
    );
  }
}
