import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { ApiProblem, api } from '../../lib/api';
import { KEY_COOKIE } from '../../lib/env';
import { signOut } from '../actions';

export const dynamic = 'force-dynamic';

const formatBytes = (n: number) =>
  n < 1024
    ? `${n} B`
    : n < 1024 ** 2
      ? `${(n / 1024).toFixed(1)} KiB`
      : `${(n / 1024 ** 2).toFixed(1)} MiB`;

export default async function ModelsPage({
  searchParams,
}: {
  searchParams: Promise<{ cursor?: string }>;
}) {
  const key = (await cookies()).get(KEY_COOKIE)?.value;
  if (!key) redirect('/login');
  const { cursor } = await searchParams;
  let me: Awaited<ReturnType<typeof api.me>>;
  let page: Awaited<ReturnType<typeof api.listModels>>;
  try {
    me = await api.me(key);
    page = await api.listModels(key, me.project.name, cursor);
  } catch (err) {
    if (!(err instanceof ApiProblem)) throw err;
    if (err.status === 401) redirect(`/login?error=${encodeURIComponent(err.message)}`);
    return (
      <section>
        <h1>Models</h1>
        <p role="alert" className="error">
          {err.message}
        </p>
      </section>
    );
  }

  return (
    <section>
      <h1>Models in {me.project.name}</h1>
      <p className="muted">
        Signed in with key <code>{me.apiKey.prefix}…</code> ({me.apiKey.role}).{' '}
        <form action={signOut} style={{ display: 'inline' }}>
          <button className="link" type="submit">
            Sign out
          </button>
        </form>
      </p>
      {page.items.length === 0 ? (
        <p>
          No model is registered yet. Register one with{' '}
          <code>POST /v1/projects/{me.project.name}/models</code> (see the API docs at /docs).
        </p>
      ) : (
        page.items.map((model) => (
          <article key={model.id} data-testid="model">
            <h2>{model.name}</h2>
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
                      <td>
                        {new Date(v.createdAt).toISOString().replace('T', ' ').slice(0, 19)} UTC
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </article>
        ))
      )}
      {page.nextCursor ? (
        <a href={`/models?cursor=${encodeURIComponent(page.nextCursor)}`}>Next page →</a>
      ) : null}
    </section>
  );
}
