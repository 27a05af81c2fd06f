import { AUTOML_METRICS } from '@assay/core/automl';
import Link from 'next/link';
import { unwrap } from '../../lib/api';
import { listAutoMlRuns, settingsOf } from '../../lib/automl';
import { formatTime } from '../../lib/format';
import { requireSession } from '../../lib/session';
import { withProblem } from '../problem-view';
import { StartForm } from './start-form';

export const dynamic = 'force-dynamic';

/** The project's AutoML runs, newest first, and the form that starts one on a dataset. */
export default async function AutoMlPage({
  searchParams,
}: {
  searchParams: Promise<{ cursor?: string }>;
}) {
  const { cursor } = await searchParams;
  return withProblem('AutoML', async () => {
    const { api, project } = await requireSession();
    const [page, datasets] = await Promise.all([
      listAutoMlRuns(api, project, cursor),
      unwrap(
        api.GET('/v1/projects/{project}/datasets', {
          params: { path: { project }, query: { limit: 100 } },
        }),
      ),
    ]);
    return (
      <section>
        <h1>AutoML in {project}</h1>
        <h2>Start a run</h2>
        {datasets.items.length === 0 ? (
          <p>
            No dataset yet: <Link href="/datasets">upload one</Link> first.
          </p>
        ) : (
          <StartForm
            metrics={AUTOML_METRICS}
            datasets={datasets.items.map((d) => ({
              id: d.id,
              label: `${d.name ?? d.id} (${d.rows} rows: ${d.columns.join(', ').slice(0, 80)})`,
            }))}
          />
        )}
        <h2>Runs</h2>
        {page.items.length === 0 ? (
          <p>No AutoML run yet.</p>
        ) : (
          <table data-testid="automl-runs">
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Status</th>
                <th scope="col">Target</th>
                <th scope="col">Trials</th>
                <th scope="col">Model</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((r) => (
                <tr key={r.id} data-testid="automl-run" data-status={r.status}>
                  <td>
                    <Link href={`/automl/${r.id}`}>
                      <code>{r.id.slice(-8)}</code>
                    </Link>
                  </td>
                  <td>{r.status}</td>
                  <td>{settingsOf(r).target}</td>
                  <td>{r.leaderboard.length}</td>
                  <td>
                    {r.modelVersion === null ? r.modelName : `${r.modelName} v${r.modelVersion}`}
                  </td>
                  <td>{formatTime(r.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {page.nextCursor ? (
          <p>
            <Link href={`/automl?cursor=${encodeURIComponent(page.nextCursor)}`}>Older →</Link>
          </p>
        ) : null}
      </section>
    );
  });
}
