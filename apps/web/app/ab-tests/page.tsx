import Link from 'next/link';
import { listAbTests } from '../../lib/ab-tests';
import { formatTime } from '../../lib/format';
import { requireSession } from '../../lib/session';
import { withProblem } from '../problem-view';

export const dynamic = 'force-dynamic';

/** The project's A/B tests of model versions, newest first. */
export default async function AbTestsPage({
  searchParams,
}: {
  searchParams: Promise<{ cursor?: string }>;
}) {
  const { cursor } = await searchParams;
  return withProblem('A/B tests', async () => {
    const { api, project } = await requireSession();
    const page = await listAbTests(api, project, cursor);
    return (
      <section>
        <h1>A/B tests in {project}</h1>
        {page.items.length === 0 ? (
          <p>
            No A/B test yet. Create one with the API (
            <code>POST /v1/projects/{project}/ab-tests</code>) or the Python client (
            <code>client.create_ab_test(…)</code>).
          </p>
        ) : (
          <table data-testid="ab-tests">
            <thead>
              <tr>
                <th>A/B test</th>
                <th>Model</th>
                <th>Variants</th>
                <th>Method</th>
                <th>Status</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((t) => (
                <tr key={t.id} data-testid="ab-test">
                  <td>
                    <Link href={`/ab-tests/${t.id}`}>{t.name}</Link>
                  </td>
                  <td>
                    <Link href={`/models/${encodeURIComponent(t.modelName)}`}>{t.modelName}</Link>
                  </td>
                  <td>
                    {t.variants
                      .map(
                        (v) =>
                          `${v.name} (${v.version !== null ? `v${v.version}` : v.alias}, ${Math.round(v.weight * 100)} %)`,
                      )
                      .join(' · ')}
                  </td>
                  <td>{t.method}</td>
                  <td>
                    {t.status}
                    {t.decision ? ` — ${t.decision.winnerName ?? 'no winner'}` : ''}
                  </td>
                  <td>{formatTime(t.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {page.nextCursor ? (
          <p>
            <Link href={`/ab-tests?cursor=${encodeURIComponent(page.nextCursor)}`}>Older →</Link>
          </p>
        ) : null}
      </section>
    );
  });
}
