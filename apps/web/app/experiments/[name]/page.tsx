import Link from 'next/link';
import { unwrap } from '../../../lib/api';
import { formatTime } from '../../../lib/format';
import { requireSession } from '../../../lib/session';
import { withProblem } from '../../problem-view';

export const dynamic = 'force-dynamic';

/** An experiment's runs, newest first, with their status and parameters side by side. */
export default async function ExperimentPage({
  params,
  searchParams,
}: {
  params: Promise<{ name: string }>;
  searchParams: Promise<{ cursor?: string }>;
}) {
  const name = decodeURIComponent((await params).name);
  const { cursor } = await searchParams;
  return withProblem(name, async () => {
    const { api, project } = await requireSession();
    const path = { project, experiment: name };
    const [experiment, runs] = await Promise.all([
      unwrap(api.GET('/v1/projects/{project}/experiments/{experiment}', { params: { path } })),
      unwrap(
        api.GET('/v1/projects/{project}/experiments/{experiment}/runs', {
          params: { path, query: { limit: 50, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    ]);
    const paramKeys = [...new Set(runs.items.flatMap((r) => Object.keys(r.params)))]
      .sort()
      .slice(0, 8);
    return (
      <section>
        <p>
          <Link href="/experiments">← Experiments</Link>
        </p>
        <h1>{experiment.name}</h1>
        {experiment.description ? <p>{experiment.description}</p> : null}
        <form
          id="compare-runs"
          method="get"
          action={`/experiments/${encodeURIComponent(name)}/compare`}
          className="row-controls"
          aria-label="Compare the selected runs"
        >
          <button type="submit" data-testid="compare-runs">
            Compare selected runs
          </button>
          <span className="muted small">Tick two or more runs below.</span>
        </form>
        <table>
          <thead>
            <tr>
              <th>
                <span className="visually-hidden">Select</span>
              </th>
              <th>Run</th>
              <th>Status</th>
              {paramKeys.map((k) => (
                <th key={k}>{k}</th>
              ))}
              <th>Started</th>
              <th>Ended</th>
            </tr>
          </thead>
          <tbody>
            {runs.items.map((r) => (
              <tr key={r.id} data-testid="run">
                <td>
                  <input
                    type="checkbox"
                    form="compare-runs"
                    name="run"
                    value={r.id}
                    aria-label={`Select ${r.name ?? r.id.slice(0, 8)}`}
                  />
                </td>
                <td>
                  <Link href={`/runs/${r.id}`}>{r.name ?? r.id.slice(0, 8)}</Link>
                </td>
                <td>{r.status}</td>
                {paramKeys.map((k) => (
                  <td key={k}>{k in r.params ? String(r.params[k]) : '—'}</td>
                ))}
                <td>{formatTime(r.startedAt)}</td>
                <td>{formatTime(r.endedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {runs.nextCursor ? (
          <Link
            href={`/experiments/${encodeURIComponent(name)}?cursor=${encodeURIComponent(runs.nextCursor)}`}
          >
            Older runs →
          </Link>
        ) : null}
      </section>
    );
  });
}
