import Link from 'next/link';
import { unwrap } from '../../../../lib/api';
import { formatTime } from '../../../../lib/format';
import {
  aliasWhy,
  currentPolicies,
  listComparisons,
  listGatePolicies,
  listGateReports,
} from '../../../../lib/gates';
import { requireSession } from '../../../../lib/session';
import { withProblem } from '../../../problem-view';
import { moveAlias, runGate } from './actions';

export const dynamic = 'force-dynamic';

/**
 * A model's gates: each guarded alias with its current policy, its holder and why it holds it
 * (the gate report or the override), forms to run the gate, move the alias and override it; the
 * gate reports with each check's numbers and reason; and the comparison reports.
 */
export default async function GatesPage({
  params,
  searchParams,
}: {
  params: Promise<{ name: string }>;
  searchParams: Promise<{ ok?: string; error?: string }>;
}) {
  const name = decodeURIComponent((await params).name);
  const notice = await searchParams;
  return withProblem(name, async () => {
    const { api, project } = await requireSession();
    const path = { project, model: name };
    const [versions, aliases, policies, reports, comparisons] = await Promise.all([
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
      listGatePolicies(api, project, name),
      listGateReports(api, project, name),
      listComparisons(api, project, name),
    ]);
    const current = currentPolicies(policies.items);
    const guarded = [...current.keys()].sort();
    const holders = new Map(aliases.items.map((a) => [a.name, a.version]));
    const whys = await Promise.all(
      guarded.map(async (alias) => {
        const holder = holders.get(alias);
        return holder == null ? null : aliasWhy(api, project, name, alias, holder);
      }),
    );
    const versionOptions = versions.items.map((v) => (
      <option key={v.number} value={v.number}>
        v{v.number}
      </option>
    ));
    return (
      <section>
        <p>
          <Link href={`/models/${encodeURIComponent(name)}`}>← {name}</Link>
        </p>
        <h1>Gates and comparisons of {name}</h1>
        {notice.ok ? (
          <p className="ok" role="status" data-testid="notice">
            {notice.ok}
          </p>
        ) : null}
        {notice.error ? (
          <p className="error" role="alert" data-testid="notice">
            {notice.error}
          </p>
        ) : null}
        <h2>Guarded aliases</h2>
        {guarded.length === 0 ? (
          <p className="muted">
            No alias has a gate policy. Write one with{' '}
            <code>PUT …/models/{name}/aliases/production/gate-policy</code> (an admin&apos;s key).
          </p>
        ) : null}
        {guarded.map((alias, i) => {
          const policy = current.get(alias);
          const why = whys[i];
          const holder = holders.get(alias);
          return (
            <div key={alias} data-testid="guarded-alias" data-alias={alias}>
              <h3>
                {alias} → {holder == null ? 'no version' : `v${holder}`}{' '}
                <span className="muted">(policy version {policy?.version})</span>
              </h3>
              <ul>
                {policy?.checks.map((c, k) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a policy's checks are fixed and may repeat
                  <li key={k}>
                    <code>{JSON.stringify(c)}</code>
                  </li>
                ))}
              </ul>
              {why ? (
                <p data-testid="why">
                  Why v{why.event.toVersion}: moved by {why.event.actor} at{' '}
                  {formatTime(why.event.at)}
                  {why.gateReport ? (
                    <>
                      {' on gate report '}
                      <Link href={`/models/${encodeURIComponent(name)}/gates/${why.gateReport.id}`}>
                        {why.gateReport.id}
                      </Link>
                      {` (policy version ${why.gateReport.policyVersion}, ${why.gateReport.passed ? 'passed' : 'failed'})`}
                    </>
                  ) : why.event.overrideReason ? (
                    ` by override: “${why.event.overrideReason}”`
                  ) : (
                    ' before the alias was guarded'
                  )}
                </p>
              ) : null}
              <form action={runGate.bind(null, name)} className="inline-form">
                <input type="hidden" name="alias" value={alias} />
                <label>
                  Candidate <select name="version">{versionOptions}</select>
                </label>{' '}
                <button type="submit" data-testid="run-gate">
                  Run gate
                </button>
              </form>
              <form action={moveAlias.bind(null, name)} className="inline-form">
                <input type="hidden" name="alias" value={alias} />
                <label>
                  Move {alias} to <select name="version">{versionOptions}</select>
                </label>{' '}
                <button type="submit" data-testid="move-alias">
                  Move
                </button>
              </form>
              <form action={moveAlias.bind(null, name)} className="inline-form">
                <input type="hidden" name="alias" value={alias} />
                <label>
                  Override to <select name="version">{versionOptions}</select>
                </label>{' '}
                <label>
                  Reason{' '}
                  <input name="reason" required minLength={1} data-testid="override-reason" />
                </label>{' '}
                <button type="submit" data-testid="override-alias">
                  Override (admin)
                </button>
              </form>
            </div>
          );
        })}
        <h2>Gate reports</h2>
        {reports.items.length === 0 ? (
          <p className="muted">No gate has run yet.</p>
        ) : (
          <table data-testid="gate-reports">
            <thead>
              <tr>
                <th>When</th>
                <th>Alias (policy)</th>
                <th>Candidate</th>
                <th>Holder</th>
                <th>Result</th>
                <th>Checks</th>
              </tr>
            </thead>
            <tbody>
              {reports.items.map((r) => (
                <tr key={r.id} data-testid="gate-report" data-passed={String(r.passed)}>
                  <td>
                    <Link href={`/models/${encodeURIComponent(name)}/gates/${r.id}`}>
                      {formatTime(r.createdAt)}
                    </Link>
                  </td>
                  <td>
                    {r.alias} (v{r.policyVersion})
                  </td>
                  <td>v{r.candidateVersion}</td>
                  <td>{r.holderVersion === null ? '—' : `v${r.holderVersion}`}</td>
                  <td>
                    <span className={r.passed ? 'ok' : 'error'}>
                      {r.passed ? 'passed' : 'failed'}
                    </span>
                  </td>
                  <td>
                    {r.checks.map((c) => (
                      <div key={c.index}>
                        {c.passed ? '✓' : '✗'} {c.label}: <span className="muted">{c.reason}</span>
                      </div>
                    ))}
                    {r.comparisonId ? (
                      <Link
                        href={`/models/${encodeURIComponent(name)}/comparisons/${r.comparisonId}`}
                      >
                        comparison with the holder
                      </Link>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h2>Comparisons</h2>
        {comparisons.items.length === 0 ? (
          <p className="muted">
            No comparison yet: <code>POST /v1/projects/{project}/comparisons</code> or{' '}
            <code>assay.compare(…)</code>.
          </p>
        ) : (
          <ul data-testid="comparisons">
            {comparisons.items.map((c) => (
              <li key={c.id}>
                <Link
                  href={`/models/${encodeURIComponent(name)}/comparisons/${c.id}`}
                  data-testid="comparison-link"
                >
                  v{c.candidateVersion} vs v{c.baselineVersion}
                  {c.baselineAlias ? ` (${c.baselineAlias})` : ''}
                </Link>{' '}
                <span className="muted">{formatTime(c.createdAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    );
  });
}
