import Link from 'next/link';
import { unwrap } from '../../../lib/api';
import { formatNumber, formatTime } from '../../../lib/format';
import { requireSession } from '../../../lib/session';
import { withProblem } from '../../problem-view';

export const dynamic = 'force-dynamic';

/**
 * An experiment's runs, newest first, with their status, parameters and latest metric values side
 * by side; sorted and filtered (by parameters, tags and metric comparisons) by the API.
 */
export default async function ExperimentPage({
  params,
  searchParams,
}: {
  params: Promise<{ name: string }>;
  searchParams: Promise<{
    cursor?: string;
    sort?: string;
    status?: string;
    params?: string;
    tags?: string;
    metrics?: string;
  }>;
}) {
  const name = decodeURIComponent((await params).name);
  const query = await searchParams;
  const { cursor } = query;
  const status = STATUSES.find((s) => s === query.status);
  // The sort and filters stay in the URL: links to a sorted, filtered page can be shared.
  const view = {
    ...(query.sort ? { sort: query.sort } : {}),
    ...(status ? { status } : {}),
    ...(query.params?.trim() ? { params: query.params.trim() } : {}),
    ...(query.tags?.trim() ? { tags: query.tags.trim() } : {}),
    ...(query.metrics?.trim() ? { metrics: query.metrics.trim() } : {}),
  };
  const href = (extra: Record<string, string>) =>
    `/experiments/${encodeURIComponent(name)}?${new URLSearchParams({ ...view, ...extra })}`;
  return withProblem(name, async () => {
    const { api, project } = await requireSession();
    const path = { project, experiment: name };
    const [experiment, runs] = await Promise.all([
      unwrap(api.GET('/v1/projects/{project}/experiments/{experiment}', { params: { path } })),
      unwrap(
        api.GET('/v1/projects/{project}/experiments/{experiment}/runs', {
          params: { path, query: { limit: 50, ...view, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    ]);
    const paramKeys = [...new Set(runs.items.flatMap((r) => Object.keys(r.params)))]
      .sort()
      .slice(0, 8);
    const metricKeys = [...new Set(runs.items.flatMap((r) => Object.keys(r.metrics)))]
      .sort()
      .slice(0, 8);
    return (
      <section>
        <p>
          <Link href="/experiments">← Experiments</Link>
        </p>
        <h1>{experiment.name}</h1>
        {experiment.description ? <p>{experiment.description}</p> : null}
        <form method="get" className="row-controls" aria-label="Filter the runs">
          <label htmlFor="rf-status">Status</label>
          <select id="rf-status" name="status" defaultValue={status ?? ''}>
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <label htmlFor="rf-params">Params</label>
          <input
            id="rf-params"
            name="params"
            defaultValue={view.params ?? ''}
            placeholder="depth=3,optimizer=adam"
          />
          <label htmlFor="rf-tags">Tags</label>
          <input id="rf-tags" name="tags" defaultValue={view.tags ?? ''} placeholder="team=ml" />
          <label htmlFor="rf-metrics">Metrics</label>
          <input
            id="rf-metrics"
            name="metrics"
            defaultValue={view.metrics ?? ''}
            placeholder="acc>=0.9,loss<0.3"
            aria-describedby="rf-metrics-help"
          />
          <span id="rf-metrics-help" className="visually-hidden">
            Comparisons of each run's latest metric value with a number, separated by commas
          </span>
          {view.sort ? <input type="hidden" name="sort" value={view.sort} /> : null}
          <button type="submit">Filter</button>
        </form>
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
              <SortHeader label="Run" field="name" sort={view.sort} href={href} />
              <SortHeader label="Status" field="status" sort={view.sort} href={href} />
              {paramKeys.map((k) => (
                <SortHeader key={k} label={k} field={`params.${k}`} sort={view.sort} href={href} />
              ))}
              {metricKeys.map((k) => (
                <SortHeader
                  key={`m:${k}`}
                  label={`${k} (latest)`}
                  field={`metrics.${k}`}
                  sort={view.sort}
                  href={href}
                />
              ))}
              <SortHeader
                label="Started"
                field="startedAt"
                sort={view.sort ?? '-startedAt'}
                href={href}
              />
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
                {metricKeys.map((k) => (
                  <td key={`m:${k}`} data-metric={k}>
                    {k in r.metrics ? formatNumber(r.metrics[k] as number) : '—'}
                  </td>
                ))}
                <td>{formatTime(r.startedAt)}</td>
                <td>{formatTime(r.endedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {runs.nextCursor ? (
          <Link href={href({ cursor: runs.nextCursor })} data-testid="next-runs">
            Next runs →
          </Link>
        ) : null}
      </section>
    );
  });
}

const STATUSES = ['running', 'finished', 'failed', 'killed'] as const;

/**
 * A column header that sorts the runs by its field (server-side): a link, so it works by keyboard
 * and without script; a second click reverses the order. `aria-sort` tells which column sorts.
 */
function SortHeader({
  label,
  field,
  sort,
  href,
}: {
  label: string;
  field: string;
  sort: string | undefined;
  href: (extra: Record<string, string>) => string;
}) {
  const current = sort === field ? 'ascending' : sort === `-${field}` ? 'descending' : undefined;
  return (
    <th scope="col" aria-sort={current ?? 'none'}>
      <Link
        href={href({ sort: current === 'ascending' ? `-${field}` : field })}
        data-testid={`sort-${field}`}
      >
        {label}
        {current === 'ascending' ? ' ▲' : current === 'descending' ? ' ▼' : ''}
      </Link>
    </th>
  );
}
