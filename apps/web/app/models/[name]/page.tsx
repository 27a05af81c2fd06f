import Link from 'next/link';
import { Interval } from '../../../components/interval';
import { unwrap } from '../../../lib/api';
import { formatBytes, formatNumber, formatTime } from '../../../lib/format';
import { requireSession } from '../../../lib/session';
import { withProblem } from '../../problem-view';
import { BatchTestForm } from './batch-test-form';

export const dynamic = 'force-dynamic';

/** One model: its versions, the aliases pointing at them, and each alias's ledger of moves. */
export default async function ModelPage({ params }: { params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  return withProblem(name, async () => {
    const { api, project } = await requireSession();
    const path = { project, model: name };
    const [model, versions, aliases, evaluations, datasets] = await Promise.all([
      unwrap(api.GET('/v1/projects/{project}/models/{model}', { params: { path } })),
      unwrap(
        api.GET('/v1/projects/{project}/models/{model}/versions', {
          params: { path, query: { limit: 100 } },
        }),
      ),
      unwrap(
        api.GET('/v1/projects/{project}/models/{model}/aliases', {
          params: { path, query: { limit: 100 } },
        }),
      ),
      unwrap(
        api.GET('/v1/projects/{project}/evaluations', {
          params: { path: { project }, query: { model: name, limit: 20 } },
        }),
      ),
      unwrap(
        api.GET('/v1/projects/{project}/datasets', {
          params: { path: { project }, query: { limit: 100 } },
        }),
      ),
    ]);
    const ledgers = await Promise.all(
      aliases.items.map((a) =>
        unwrap(
          api.GET('/v1/projects/{project}/models/{model}/aliases/{alias}/history', {
            params: { path: { ...path, alias: a.name }, query: { limit: 20 } },
          }),
        ),
      ),
    );
    const aliasesOf = (n: number) =>
      aliases.items.filter((a) => a.version === n).map((a) => a.name);
    return (
      <section>
        <p>
          <Link href="/models">← Models</Link>
        </p>
        <h1>{model.name}</h1>
        <p>
          <Link href={`/models/${encodeURIComponent(model.name)}/gates`} data-testid="gates-link">
            Gates and comparisons →
          </Link>
          {' · '}
          <Link href={`/models/${encodeURIComponent(model.name)}/shadow`}>Shadow tests →</Link>
          {' · '}
          <Link
            href={`/models/${encodeURIComponent(model.name)}/versions/new`}
            data-testid="upload-version-link"
          >
            Upload a version →
          </Link>
        </p>
        {model.description ? <p>{model.description}</p> : null}
        <h2>Versions</h2>
        <table data-testid="versions">
          <thead>
            <tr>
              <th>Version</th>
              <th>Aliases</th>
              <th>Format</th>
              <th>Size</th>
              <th>sha256</th>
              <th>Created by</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {versions.items.map((v) => (
              <tr key={v.id}>
                <td>
                  <Link
                    href={`/models/${encodeURIComponent(model.name)}/versions/${v.number}`}
                    data-testid="version-link"
                  >
                    v{v.number}
                  </Link>
                </td>
                <td>{aliasesOf(v.number).join(', ') || '—'}</td>
                <td>{v.format}</td>
                <td>{formatBytes(v.sizeBytes)}</td>
                <td>
                  <code title={v.sha256}>{v.sha256.slice(0, 12)}…</code>
                </td>
                <td>{v.createdBy ?? '—'}</td>
                <td>{formatTime(v.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2 id="batch-tests">Batch tests</h2>
        {versions.items.length === 0 ? null : datasets.items.length === 0 ? (
          <p className="muted">
            Upload a dataset on the <Link href="/datasets">Datasets</Link> page to run a batch test
            from here.
          </p>
        ) : (
          <BatchTestForm
            model={model.name}
            versions={versions.items.map((v) => v.number)}
            datasets={datasets.items}
          />
        )}
        {evaluations.items.length === 0 ? (
          <p className="muted">
            No batch test yet. Run one with <code>POST /v1/projects/{project}/evaluations</code> or{' '}
            <code>assay.evaluate(…)</code> from Python.
          </p>
        ) : (
          <table data-testid="evaluations">
            <thead>
              <tr>
                <th>When</th>
                <th>Version</th>
                <th>Dataset</th>
                <th>Metrics (bootstrap interval)</th>
              </tr>
            </thead>
            <tbody>
              {evaluations.items.map((e) => (
                <tr key={e.id}>
                  <td>
                    <Link
                      href={`/models/${encodeURIComponent(model.name)}/evaluations/${e.id}`}
                      data-testid="evaluation-link"
                    >
                      {formatTime(e.createdAt)}
                    </Link>
                  </td>
                  <td>v{e.version}</td>
                  <td>
                    {e.dataset.rows} rows ·{' '}
                    <code title={e.dataset.sha256}>{e.dataset.sha256.slice(0, 10)}…</code>
                  </td>
                  <td>
                    {e.metrics.map((m) => (
                      <div key={m.name}>
                        {m.name} = {m.value === null ? '(see the report)' : formatNumber(m.value)}{' '}
                        <Interval ci={m.confidenceInterval} />
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h2>Aliases</h2>
        {aliases.items.length === 0 ? (
          <p className="muted">
            No alias yet. Promote a version with{' '}
            <code>
              PUT /v1/projects/{project}/models/{model.name}/aliases/production
            </code>
            .
          </p>
        ) : (
          aliases.items.map((alias, i) => (
            <article key={alias.id} data-testid="alias">
              <h3>
                {alias.name} → {alias.version === null ? 'detached' : `v${alias.version}`}{' '}
                <span className="muted">(revision {alias.revision})</span>
              </h3>
              <table>
                <thead>
                  <tr>
                    <th>When</th>
                    <th>Move</th>
                    <th>Who</th>
                    <th>Why</th>
                  </tr>
                </thead>
                <tbody>
                  {ledgers[i]?.items.map((e) => (
                    <tr key={e.id}>
                      <td>{formatTime(e.at)}</td>
                      <td>
                        {e.fromVersion === null ? '—' : `v${e.fromVersion}`} →{' '}
                        {e.toVersion === null ? 'detached' : `v${e.toVersion}`}
                      </td>
                      <td>{e.actor}</td>
                      <td>{e.reason ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </article>
          ))
        )}
      </section>
    );
  });
}
