import Link from 'next/link';
import { unwrap } from '../../lib/api';
import { formatTime } from '../../lib/format';
import { requireSession } from '../../lib/session';
import { withProblem } from '../problem-view';

export const dynamic = 'force-dynamic';

export default async function ExperimentsPage({
  searchParams,
}: {
  searchParams: Promise<{ cursor?: string }>;
}) {
  const { cursor } = await searchParams;
  return withProblem('Experiments', async () => {
    const { api, project } = await requireSession();
    const page = await unwrap(
      api.GET('/v1/projects/{project}/experiments', {
        params: { path: { project }, query: { limit: 50, ...(cursor ? { cursor } : {}) } },
      }),
    );
    return (
      <section>
        <h1>Experiments in {project}</h1>
        {page.items.length === 0 ? (
          <p>
            No experiment yet. Start a run from a notebook with the Python client (
            <code>assay.start_run(project, "my-experiment")</code>).
          </p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Experiment</th>
                <th>Description</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((e) => (
                <tr key={e.id} data-testid="experiment">
                  <td>
                    <Link href={`/experiments/${encodeURIComponent(e.name)}`}>{e.name}</Link>
                  </td>
                  <td>{e.description ?? '—'}</td>
                  <td>{formatTime(e.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {page.nextCursor ? (
          <Link href={`/experiments?cursor=${encodeURIComponent(page.nextCursor)}`}>
            Next page →
          </Link>
        ) : null}
      </section>
    );
  });
}
