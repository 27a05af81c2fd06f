import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Interval } from '../../../../../components/interval';
import { ApiProblem, type AssayClient, unwrap } from '../../../../../lib/api';
import { formatBytes, formatNumber, formatTime } from '../../../../../lib/format';
import { requireSession } from '../../../../../lib/session';
import { withProblem } from '../../../../problem-view';
import { MoveAliasForm } from './move-alias-form';

export const dynamic = 'force-dynamic';

/**
 * One version of a model: what it takes and answers (its signatures), where it comes from (the
 * run that produced it, the datasets it was tested on), its batch tests and explanations, the
 * aliases on it, and a form to point an alias at it.
 */
export default async function VersionPage({
  params,
}: {
  params: Promise<{ name: string; version: string }>;
}) {
  const { name: rawName, version: rawVersion } = await params;
  const name = decodeURIComponent(rawName);
  const number = Number(rawVersion);
  return withProblem(`${name} v${rawVersion}`, async () => {
    if (!Number.isInteger(number) || number < 1) notFound();
    const { api, project } = await requireSession();
    const path = { project, model: name };
    const [version, aliases, evaluations, jobs] = await Promise.all([
      unwrap(
        api.GET('/v1/projects/{project}/models/{model}/versions/{version}', {
          params: { path: { ...path, version: number } },
        }),
      ),
      unwrap(
        api.GET('/v1/projects/{project}/models/{model}/aliases', {
          params: { path, query: { limit: 100 } },
        }),
      ),
      unwrap(
        api.GET('/v1/projects/{project}/evaluations', {
          params: { path: { project }, query: { model: name, version: number, limit: 100 } },
        }),
      ),
      unwrap(
        api.GET('/v1/projects/{project}/jobs', {
          params: { path: { project }, query: { kind: 'explanation', limit: 100 } },
        }),
      ),
    ]);
    const explanationJobs = jobs.items.filter((j) => {
      const model = (j.input as { model?: { name?: string; version?: number } } | null)?.model;
      return model?.name === name && model.version === number;
    });
    const [run, datasets] = await Promise.all([
      version.sourceRunId ? sourceRun(api, project, version.sourceRunId) : null,
      Promise.all(
        [...new Set(evaluations.items.map((e) => e.datasetId).filter((d): d is string => !!d))].map(
          (id) =>
            unwrap(
              api.GET('/v1/projects/{project}/datasets/{dataset}', {
                params: { path: { project, dataset: id } },
              }),
            ).catch(() => null),
        ),
      ),
    ]);
    const here = aliases.items.filter((a) => a.version === number);
    const out = version.outputSignature;
    return (
      <section>
        <p>
          <Link href={`/models/${encodeURIComponent(name)}`}>← {name}</Link>
        </p>
        <h1>
          {name} v{version.number}
        </h1>
        {version.description ? <p>{version.description}</p> : null}
        <table data-testid="version-facts">
          <tbody>
            <tr>
              <th scope="row">Format</th>
              <td>{version.format}</td>
            </tr>
            <tr>
              <th scope="row">Artifact</th>
              <td>
                {formatBytes(version.sizeBytes)} · sha256 <code>{version.sha256}</code>
              </td>
            </tr>
            <tr>
              <th scope="row">Aliases</th>
              <td data-testid="version-aliases">
                {here.length ? here.map((a) => a.name).join(', ') : '—'}
              </td>
            </tr>
            <tr>
              <th scope="row">Tags</th>
              <td data-testid="version-tags">
                {Object.keys(version.tags).length
                  ? Object.entries(version.tags).map(([k, v]) => (
                      <span key={k} className="badge">
                        {k}={v}
                      </span>
                    ))
                  : '—'}
              </td>
            </tr>
            <tr>
              <th scope="row">Created</th>
              <td>
                {formatTime(version.createdAt)}
                {version.createdBy ? ` by ${version.createdBy}` : ''}
              </td>
            </tr>
          </tbody>
        </table>
        <h2>Signature</h2>
        <div className="charts" data-testid="version-signature">
          <table style={{ width: 'auto' }}>
            <caption>Input</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Feature</th>
                <th scope="col">Type</th>
              </tr>
            </thead>
            <tbody>
              {version.inputSignature ? (
                version.inputSignature.features.map((f, i) => (
                  <tr key={f.name}>
                    <td>{i + 1}</td>
                    <td>{f.name}</td>
                    <td>{f.type}</td>
                  </tr>
                ))
              ) : (
                <tr>
                  <td colSpan={3} className="muted">
                    Not stated: rows are sent in the model’s column order.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          <p data-testid="output-signature">
            <strong>Output: </strong>
            {!out
              ? 'not stated (read from the artifact)'
              : out.kind === 'regression'
                ? `regression, ${out.nOutputs} value${out.nOutputs > 1 ? 's' : ''} per row`
                : `${out.kind === 'probability' ? 'probability of' : 'probabilities of'} classes ${out.classes.join(', ')}`}
          </p>
        </div>
        <h2>Lineage</h2>
        <ul data-testid="lineage">
          <li>
            Produced by:{' '}
            {run ? (
              <>
                run <Link href={`/runs/${run.id}`}>{run.name ?? run.id}</Link>
                {run.experiment ? (
                  <>
                    {' '}
                    of experiment{' '}
                    <Link href={`/experiments/${encodeURIComponent(run.experiment)}`}>
                      {run.experiment}
                    </Link>
                  </>
                ) : null}
              </>
            ) : version.sourceRunId ? (
              <code>{version.sourceRunId}</code>
            ) : (
              <span className="muted">no run named at upload</span>
            )}
          </li>
          <li>
            Tested on:{' '}
            {datasets.some(Boolean) ? (
              datasets
                .filter((d): d is NonNullable<typeof d> => d !== null)
                .map((d) => (
                  <span key={d.id}>
                    <Link href="/datasets">{d.name ?? d.id}</Link> ({d.rows} rows){' '}
                  </span>
                ))
            ) : (
              <span className="muted">no stored dataset yet</span>
            )}
          </li>
        </ul>
        <h2>Batch tests</h2>
        {evaluations.items.length === 0 ? (
          <p className="muted">
            None yet: start one from the{' '}
            <Link href={`/models/${encodeURIComponent(name)}#batch-tests`}>model page</Link>.
          </p>
        ) : (
          <table data-testid="version-evaluations">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Rows</th>
                <th scope="col">Metrics</th>
              </tr>
            </thead>
            <tbody>
              {evaluations.items.map((e) => (
                <tr key={e.id}>
                  <td>
                    <Link href={`/models/${encodeURIComponent(name)}/evaluations/${e.id}`}>
                      {formatTime(e.createdAt)}
                    </Link>
                  </td>
                  <td>{e.dataset.rows}</td>
                  <td>
                    {e.metrics
                      .filter((m) => m.value !== null)
                      .map((m) => (
                        <div key={m.name}>
                          {m.name} = {formatNumber(m.value as number)}{' '}
                          <Interval ci={m.confidenceInterval} />
                        </div>
                      ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h2>Explanations</h2>
        {explanationJobs.length === 0 ? (
          <p className="muted">
            None yet: explain it with <code>POST /v1/projects/{project}/explanations</code> and{' '}
            <code>
              {'{"model": {"name": "'}
              {name}
              {'", "version": '}
              {number}
              {'}, "async": true, …}'}
            </code>
            .
          </p>
        ) : (
          <ul data-testid="version-explanations">
            {explanationJobs.map((j) => (
              <li key={j.id}>
                <Link href={`/jobs/${j.id}`}>
                  {(j.input as { method?: string }).method ?? 'explanation'} ·{' '}
                  {formatTime(j.createdAt)}
                </Link>{' '}
                <span className={`badge badge-${j.status}`}>{j.status}</span>
              </li>
            ))}
          </ul>
        )}
        <h2>Point an alias here</h2>
        <MoveAliasForm
          model={name}
          version={number}
          aliases={aliases.items.map((a) => ({
            name: a.name,
            version: a.version,
            revision: a.revision,
          }))}
          evaluations={evaluations.items.map((e) => ({
            id: e.id,
            label: `${formatTime(e.createdAt)} · ${e.dataset.rows} rows`,
          }))}
        />
      </section>
    );
  });
}

/** The run that produced the version, with its experiment's name (null if it is gone). */
async function sourceRun(api: AssayClient, project: string, id: string) {
  try {
    const run = await unwrap(api.GET('/v1/runs/{run}', { params: { path: { run: id } } }));
    const experiments = await unwrap(
      api.GET('/v1/projects/{project}/experiments', {
        params: { path: { project }, query: { limit: 100 } },
      }),
    );
    return {
      id: run.id,
      name: run.name,
      experiment: experiments.items.find((e) => e.id === run.experimentId)?.name ?? null,
    };
  } catch (err) {
    if (err instanceof ApiProblem) return null;
    throw err;
  }
}
