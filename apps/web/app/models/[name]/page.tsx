import Link from 'next/link';
import { AliasTimeline } from '../../../components/charts/alias-timeline';
import { Interval } from '../../../components/interval';
import { unwrap } from '../../../lib/api';
import { formatBytes, formatNumber, formatTime } from '../../../lib/format';
import { type AliasWhy, aliasWhy } from '../../../lib/gates';
import { requireSession } from '../../../lib/session';
import { withProblem } from '../../problem-view';
import { BatchTestForm } from './batch-test-form';
import { GateEvidence } from './gates/evidence';
import { TextBatchTestForm } from './text-batch-test-form';

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
    // Why each alias's holder holds it (the ledger's answer: its gate report, override or
    // evaluation), shown beside the alias rather than only on the gates page.
    const whys = await Promise.all(
      aliases.items.map((a) =>
        a.version === null ? null : aliasWhy(api, project, name, a.name, a.version),
      ),
    );
    const renderedAt = Date.now();
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
          <>
            <BatchTestForm
              model={model.name}
              versions={versions.items.map((v) => v.number)}
              datasets={datasets.items}
            />
            <h3 id="text-batch-tests">Text batch test</h3>
            <TextBatchTestForm
              model={model.name}
              versions={versions.items.map((v) => v.number)}
              datasets={datasets.items}
            />
          </>
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
              {whys[i] ? <HolderWhy model={model.name} why={whys[i]} /> : null}
              <AliasTimeline
                alias={alias.name}
                now={renderedAt}
                testId={`alias-timeline-${alias.name}`}
                moves={(ledgers[i]?.items ?? []).map((e) => ({
                  id: e.id,
                  at: e.at,
                  toVersion: e.toVersion,
                  actor: e.actor,
                  basis: e.gateReportId
                    ? 'gate'
                    : e.overrideReason
                      ? 'override'
                      : e.evaluationId
                        ? 'evaluation'
                        : 'none',
                }))}
              />
              <table>
                <thead>
                  <tr>
                    <th>When</th>
                    <th>Move</th>
                    <th>Who</th>
                    <th>Why</th>
                    <th>Rests on</th>
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
                      <td>
                        {e.gateReportId ? (
                          <Link
                            href={`/models/${encodeURIComponent(model.name)}/gates/${e.gateReportId}`}
                          >
                            gate report
                          </Link>
                        ) : e.overrideReason ? (
                          `override: “${e.overrideReason}”`
                        ) : e.evaluationId ? (
                          <Link
                            href={`/models/${encodeURIComponent(model.name)}/evaluations/${e.evaluationId}`}
                          >
                            evaluation
                          </Link>
                        ) : (
                          '—'
                        )}
                      </td>
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

/**
 * Who holds the alias and why, from the ledger (`…/aliases/{alias}/why`): the move that put the
 * holder there and what it rested on — a gate report (with what the gate judged on: the reference
 * dataset, the shadow test), an admin's override and its reason, or an evaluation.
 */
function HolderWhy({ model, why }: { model: string; why: AliasWhy }) {
  const e = why.event;
  const m = encodeURIComponent(model);
  return (
    <p data-testid="alias-why">
      v{e.toVersion} holds {e.alias} since {formatTime(e.at)}, moved by {e.actor}
      {e.reason ? ` (“${e.reason}”)` : ''}
      {why.gateReport ? (
        <>
          {' '}
          on{' '}
          <Link href={`/models/${m}/gates/${why.gateReport.id}`} data-testid="why-gate-report">
            gate report {why.gateReport.id.slice(0, 8)}
          </Link>{' '}
          ({why.gateReport.passed ? 'passed' : 'failed'} under policy version{' '}
          {why.gateReport.policyVersion}), judged on{' '}
          <GateEvidence model={model} report={why.gateReport} />.
        </>
      ) : e.overrideReason ? (
        <> by an admin&apos;s override: “{e.overrideReason}”.</>
      ) : why.evaluation ? (
        <>
          {' '}
          citing{' '}
          <Link href={`/models/${m}/evaluations/${why.evaluation.id}`}>
            evaluation {why.evaluation.id.slice(0, 8)}
          </Link>
          .
        </>
      ) : (
        <>, with no gate report, override or evaluation.</>
      )}
    </p>
  );
}
