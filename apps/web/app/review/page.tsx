import Link from 'next/link';
import { unwrap } from '../../lib/api';
import { requireSession } from '../../lib/session';
import { withProblem } from '../problem-view';

export const dynamic = 'force-dynamic';

/** The project's models, each with its review queue (human-in-the-loop review). */
export default async function ReviewPage() {
  return withProblem('Review queues', async () => {
    const { api, project } = await requireSession();
    const page = await unwrap(
      api.GET('/v1/projects/{project}/models', {
        params: { path: { project }, query: { limit: 100 } },
      }),
    );
    return (
      <section>
        <h1>Review queues in {project}</h1>
        <p>
          A model with a review policy sends its low-confidence predictions to its review queue;
          reviewers claim them with a reviewer token and accept or correct them.
        </p>
        {page.items.length === 0 ? (
          <p>No model yet.</p>
        ) : (
          <ul data-testid="review-models">
            {page.items.map((m) => (
              <li key={m.id}>
                <Link href={`/review/${encodeURIComponent(m.name)}`}>{m.name}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    );
  });
}
