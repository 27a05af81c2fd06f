import Link from 'next/link';
import { unwrap } from '../../lib/api';
import { formatBytes, formatTime } from '../../lib/format';
import { requireSession } from '../../lib/session';
import { signOut } from '../actions';
import { withProblem } from '../problem-view';

export const dynamic = 'force-dynamic';

export default async function ModelsPage({
  searchParams,
}: {
  searchParams: Promise<{ cursor?: string }>;
}) {
  const { cursor } = await searchParams;
  return withProblem('Models', async () => {
    const { api, me, project } = await requireSession();
    const page = await unwrap(
      api.GET('/v1/projects/{project}/models', {
        params: { path: { project }, query: { limit: 50, ...(cursor ? { cursor } : {}) } },
      }),
    );
    return (
      <section>
        <h1>Models in {project}</h1>
        <p>
          <Link href="/models/new" data-testid="register-model-link">
            Register a model →
          </Link>
        </p>
        {/* A div, not a p: a form inside a paragraph is invalid HTML, which the browser's parser
            splits apart, and React then fails to hydrate the page (error #418). */}
        <div className="muted">
          Signed in with key <code>{me.apiKey.prefix}…</code> ({me.apiKey.role}).{' '}
          <form action={signOut} style={{ display: 'inline' }}>
            <button className="link" type="submit">
              Sign out
            </button>
          </form>
        </div>
        {page.items.length === 0 ? (
          <p>
            No model is registered yet. Register one with{' '}
            <code>POST /v1/projects/{project}/models</code> (see the API docs at /docs).
          </p>
        ) : (
          page.items.map((model) => (
            <article key={model.id} data-testid="model">
              <h2>
                <Link href={`/models/${encodeURIComponent(model.name)}`}>{model.name}</Link>
              </h2>
              {model.description ? <p>{model.description}</p> : null}
              {model.versions.length === 0 ? (
                <p className="muted">No versions yet.</p>
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th>Version</th>
                      <th>Format</th>
                      <th>Size</th>
                      <th>sha256</th>
                      <th>Created</th>
                    </tr>
                  </thead>
                  <tbody>
                    {model.versions.map((v) => (
                      <tr key={v.id}>
                        <td>v{v.number}</td>
                        <td>{v.format}</td>
                        <td>{formatBytes(v.sizeBytes)}</td>
                        <td>
                          <code title={v.sha256}>{v.sha256.slice(0, 12)}…</code>
                        </td>
                        <td>{formatTime(v.createdAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </article>
          ))
        )}
        {page.nextCursor ? (
          <Link href={`/models?cursor=${encodeURIComponent(page.nextCursor)}`}>Next page →</Link>
        ) : null}
      </section>
    );
  });
}
