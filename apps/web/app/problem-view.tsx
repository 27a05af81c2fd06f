import { ApiProblem } from '../lib/api';
import { loginOnUnauthorized } from '../lib/session';

/**
 * Renders a page, or the API's refusal as a readable message (a 401 goes back to sign-in).
 * Production Next.js hides thrown messages, so problems are rendered, not thrown.
 */
export async function withProblem(title: string, render: () => Promise<React.ReactNode>) {
  try {
    return await render();
  } catch (err) {
    if (!(err instanceof ApiProblem)) throw err;
    loginOnUnauthorized(err);
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
