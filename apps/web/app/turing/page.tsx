import Link from 'next/link';
import { formatTime } from '../../lib/format';
import { requireSession } from '../../lib/session';
import { listTuringStudies } from '../../lib/turing';
import { withProblem } from '../problem-view';

export const dynamic = 'force-dynamic';

/** The project's Turing studies, newest first. */
export default async function TuringStudiesPage({
  searchParams,
}: {
  searchParams: Promise<{ cursor?: string }>;
}) {
  const { cursor } = await searchParams;
  return withProblem('Turing tests', async () => {
    const { api, project } = await requireSession();
    const page = await listTuringStudies(api, project, cursor);
    return (
      <section>
        <h1>Turing tests in {project}</h1>
        {page.items.length === 0 ? (
          <p>
            No study yet. Create one with the API (
            <code>POST /v1/projects/{project}/turing-studies</code>) or the Python client (
            <code>client.create_turing_study(…)</code>), add items and invite judges.
          </p>
        ) : (
          <table data-testid="turing-studies">
            <thead>
              <tr>
                <th>Study</th>
                <th>Mode</th>
                <th>Status</th>
                <th>Items</th>
                <th>Judges</th>
                <th>Judgements</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((s) => (
                <tr key={s.id} data-testid="turing-study">
                  <td>
                    <Link href={`/turing/${s.id}`}>{s.name}</Link>
                  </td>
                  <td>{s.mode}</td>
                  <td>{s.status}</td>
                  <td>{s.items}</td>
                  <td>{s.judges}</td>
                  <td>{s.judgements}</td>
                  <td>{formatTime(s.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {page.nextCursor ? (
          <p>
            <Link href={`/turing?cursor=${encodeURIComponent(page.nextCursor)}`}>Older →</Link>
          </p>
        ) : null}
      </section>
    );
  });
}
