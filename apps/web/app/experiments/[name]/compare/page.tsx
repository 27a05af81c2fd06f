import Link from 'next/link';
import { notFound } from 'next/navigation';
import { MultiLineChart } from '../../../../components/charts/line-chart';
import type { AssayClient } from '../../../../lib/api';
import { unwrap } from '../../../../lib/api';
import { formatTime } from '../../../../lib/format';
import { requireSession } from '../../../../lib/session';
import { withProblem } from '../../../problem-view';

export const dynamic = 'force-dynamic';

/** Points a series is drawn with (the API downsamples each history to this many). */
const DRAWN_POINTS = 600;

/**
 * Runs of an experiment side by side: every metric key overlaid across the runs (each series
 * downsampled with LTTB before drawing), and their parameters, optionally only those that differ.
 */
export default async function CompareRunsPage({
  params,
  searchParams,
}: {
  params: Promise<{ name: string }>;
  searchParams: Promise<{ run?: string | string[]; diff?: string }>;
}) {
  const name = decodeURIComponent((await params).name);
  const query = await searchParams;
  const ids = [...new Set([query.run ?? []].flat())];
  const differencesOnly = query.diff === '1';
  return withProblem('Compare runs', async () => {
    if (ids.length === 0) notFound();
    const { api, project } = await requireSession();
    const experiment = await unwrap(
      api.GET('/v1/projects/{project}/experiments/{experiment}', {
        params: { path: { project, experiment: name } },
      }),
    );
    const runs = await Promise.all(
      ids.map((id) => unwrap(api.GET('/v1/runs/{run}', { params: { path: { run: id } } }))),
    );
    if (runs.some((r) => r.experimentId !== experiment.id)) notFound();
    const histories = await Promise.all(runs.map((r) => pointsOf(api, r.id)));
    const keys = [...new Set(histories.flatMap((h) => [...h.keys()]))].sort();
    const label = (r: (typeof runs)[number]) => r.name ?? r.id.slice(0, 8);
    const paramKeys = [...new Set(runs.flatMap((r) => Object.keys(r.params)))].sort();
    const shown = (k: string) =>
      !differencesOnly || new Set(runs.map((r) => JSON.stringify(r.params[k] ?? null))).size > 1;
    const otherFlag = new URLSearchParams([
      ...ids.map((id) => ['run', id]),
      ...(differencesOnly ? [] : [['diff', '1']]),
    ]);
    return (
      <section>
        <p>
          <Link href={`/experiments/${encodeURIComponent(name)}`}>← {name}</Link>
        </p>
        <h1>
          {runs.length} runs of {name}
        </h1>
        <h2>Parameters</h2>
        <p>
          <Link href={`?${otherFlag}`} data-testid="diff-toggle">
            {differencesOnly ? 'Show all parameters' : 'Show differences only'}
          </Link>
        </p>
        <table data-testid="params-diff">
          <thead>
            <tr>
              <th scope="col">Parameter</th>
              {runs.map((r) => (
                <th key={r.id} scope="col">
                  <Link href={`/runs/${r.id}`}>{label(r)}</Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {paramKeys.filter(shown).map((k) => {
              const differs =
                new Set(runs.map((r) => JSON.stringify(r.params[k] ?? null))).size > 1;
              return (
                <tr key={k} data-param={k} className={differs ? 'differs' : undefined}>
                  <th scope="row">
                    {k}
                    {differs ? <span className="visually-hidden"> (differs)</span> : null}
                  </th>
                  {runs.map((r) => (
                    <td key={r.id}>{k in r.params ? JSON.stringify(r.params[k]) : '—'}</td>
                  ))}
                </tr>
              );
            })}
            <tr>
              <th scope="row">status</th>
              {runs.map((r) => (
                <td key={r.id}>{r.status}</td>
              ))}
            </tr>
            <tr>
              <th scope="row">started</th>
              {runs.map((r) => (
                <td key={r.id}>{formatTime(r.startedAt)}</td>
              ))}
            </tr>
          </tbody>
        </table>
        <h2>Metrics</h2>
        {keys.length === 0 ? (
          <p className="muted">These runs logged no metric.</p>
        ) : (
          <div className="charts">
            {keys.map((key) => (
              <MultiLineChart
                key={key}
                testId="compare-metric-chart"
                title={key}
                xLabel="step"
                yLabel={key}
                series={runs.map((r, i) => ({
                  label: label(r),
                  points: histories[i]?.get(key)?.points ?? [],
                  total: histories[i]?.get(key)?.total ?? 0,
                }))}
              />
            ))}
          </div>
        )}
      </section>
    );
  });
}

/**
 * Every metric of a run, by key, each downsampled by the API (LTTB, `maxPoints`) so that a
 * 100,000-step history arrives as the few hundred points the chart draws.
 */
async function pointsOf(api: AssayClient, run: string) {
  const keys = await unwrap(api.GET('/v1/runs/{run}/metric-keys', { params: { path: { run } } }));
  const byKey = new Map<string, { points: { x: number; y: number }[]; total: number }>();
  await Promise.all(
    keys.items.map(async ({ key, count }) => {
      const page = await unwrap(
        api.GET('/v1/runs/{run}/metrics', {
          params: { path: { run }, query: { key, maxPoints: DRAWN_POINTS } },
        }),
      );
      byKey.set(key, { points: page.items.map((p) => ({ x: p.step, y: p.value })), total: count });
    }),
  );
  return byKey;
}
