import Link from 'next/link';
import { unwrap } from '../../lib/api';
import { portalEnv } from '../../lib/env';
import { formatBytes, formatTime } from '../../lib/format';
import { requireSession } from '../../lib/session';
import { withProblem } from '../problem-view';
import { UploadForm } from './upload-form';

export const dynamic = 'force-dynamic';

/** The project's uploaded datasets, which batch tests and jobs read by id, and an upload form. */
export default async function DatasetsPage({
  searchParams,
}: {
  searchParams: Promise<{ cursor?: string }>;
}) {
  const { cursor } = await searchParams;
  return withProblem('Datasets', async () => {
    const { api, me, project } = await requireSession();
    const page = await unwrap(
      api.GET('/v1/projects/{project}/datasets', {
        params: { path: { project }, query: { limit: 50, ...(cursor ? { cursor } : {}) } },
      }),
    );
    return (
      <section>
        <h1>Datasets in {project}</h1>
        <p className="muted">
          Evaluate a model version on one with <code>{'"dataset": { "id": "…" }'}</code> in{' '}
          <code>POST /v1/projects/{project}/evaluations</code>.
        </p>
        {me.apiKey.role === 'viewer' ? (
          <p className="muted">Uploading needs an editor key.</p>
        ) : (
          <>
            <h2>Upload</h2>
            <UploadForm maxBytes={portalEnv.maxDatasetBytes} />
          </>
        )}
        <h2>Stored</h2>
        {page.items.length === 0 ? (
          <p className="muted">No dataset yet.</p>
        ) : (
          <table data-testid="datasets">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Format</th>
                <th scope="col">Rows</th>
                <th scope="col">Columns</th>
                <th scope="col">Size</th>
                <th scope="col">sha256</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((d) => (
                <tr key={d.id} data-testid="dataset">
                  <td>
                    {d.name ?? <span className="muted">unnamed</span>}
                    <div className="muted small">
                      <code>{d.id}</code>
                    </div>
                  </td>
                  <td>{d.format}</td>
                  <td>{d.rows}</td>
                  <td title={d.columns.join(', ')}>
                    {d.columns.length}:{' '}
                    <span className="muted">
                      {d.columns.slice(0, 6).join(', ')}
                      {d.columns.length > 6 ? ', …' : ''}
                    </span>
                  </td>
                  <td>{formatBytes(d.sizeBytes)}</td>
                  <td>
                    <code title={d.sha256}>{d.sha256.slice(0, 12)}…</code>
                  </td>
                  <td>
                    {formatTime(d.createdAt)}
                    {d.createdBy ? <div className="muted small">by {d.createdBy}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <nav aria-label="Pages" className="pager">
          {cursor ? <Link href="/datasets">← Newest</Link> : null}
          {page.nextCursor ? (
            <Link href={`/datasets?cursor=${encodeURIComponent(page.nextCursor)}`}>
              Older datasets →
            </Link>
          ) : null}
        </nav>
      </section>
    );
  });
}
