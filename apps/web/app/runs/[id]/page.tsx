import Link from 'next/link';
import { LineChart } from '../../../components/line-chart';
import { unwrap } from '../../../lib/api';
import { formatTime } from '../../../lib/format';
import { requireSession } from '../../../lib/session';
import { withProblem } from '../../problem-view';

export const dynamic = 'force-dynamic';

/** A run: its parameters and, for the metric key asked for, the curve of its history. */
export default async function RunPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ key?: string }>;
}) {
  const { id } = await params;
  const { key } = await searchParams;
  return withProblem('Run', async () => {
    const { api } = await requireSession();
    const [run, keys] = await Promise.all([
      unwrap(api.GET('/v1/runs/{run}', { params: { path: { run: id } } })),
      unwrap(api.GET('/v1/runs/{run}/metric-keys', { params: { path: { run: id } } })),
    ]);
    const history = key
      ? await unwrap(
          api.GET('/v1/runs/{run}/metrics', {
            params: { path: { run: id }, query: { key, limit: 100_000 } },
          }),
        )
      : null;
    return (
      <section>
        <h1>Run {run.name ?? run.id}</h1>
        <p className="muted">
          {run.status} · started {formatTime(run.startedAt)} · ended {formatTime(run.endedAt)}
        </p>
        <h2>Parameters</h2>
        {Object.keys(run.params).length === 0 ? (
          <p className="muted">None.</p>
        ) : (
          <table>
            <tbody>
              {Object.entries(run.params).map(([k, v]) => (
                <tr key={k}>
                  <th>{k}</th>
                  <td>{String(v)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h2>Metric</h2>
        {keys.items.length === 0 ? (
          <p className="muted">No metric logged yet.</p>
        ) : (
          <ul data-testid="metric-keys">
            {keys.items.map((k) => (
              <li key={k.key}>
                <Link href={`/runs/${run.id}?key=${encodeURIComponent(k.key)}`}>{k.key}</Link>{' '}
                <span className="muted small">
                  {k.count} points, steps {k.firstStep}–{k.lastStep}
                </span>
              </li>
            ))}
          </ul>
        )}
        <form method="get">
          <label htmlFor="key">Metric key </label>
          <input id="key" name="key" defaultValue={key ?? ''} placeholder="train/loss" />{' '}
          <button type="submit">Plot</button>
        </form>
        {history ? (
          history.items.length === 0 ? (
            <p className="muted">No point logged under “{key}”.</p>
          ) : (
            <figure data-testid="metric-chart">
              <LineChart
                points={history.items.map((p) => ({ x: p.step, y: p.value }))}
                xLabel="step"
                yLabel={key ?? ''}
              />
              <figcaption className="muted">
                {history.items.length} points
                {history.nextCursor ? ' (first page only)' : ''}
              </figcaption>
            </figure>
          )
        ) : null}
        <p>
          <Link href="/experiments">← Experiments</Link>
        </p>
      </section>
    );
  });
}
