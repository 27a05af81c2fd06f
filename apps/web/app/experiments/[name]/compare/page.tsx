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
    const [runs, histories] = await Promise.all([
      Promise.all(
        ids.map((id) => unwrap(api.GET('/v1/runs/{run}', { params: { path: { run: id } } }))),
      ),
      pointsOf(api, ids),
    ]);
    if (runs.some((r) => r.experimentId !== experiment.id)) notFound();
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

/** Runs per request for their histories (the API's limit). */
const RUNS_PER_REQUEST = 50;

/**
 * Every metric of each run, by key, each downsampled by the API (LTTB, `maxPoints`) so that a
 * 100,000-step history arrives as the few hundred points the chart draws: one request for all
 * the runs (per 50), not one per run and key.
 */
async function pointsOf(api: AssayClient, ids: string[]) {
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += RUNS_PER_REQUEST) {
    chunks.push(ids.slice(i, i + RUNS_PER_REQUEST));
  }
  const answers = await Promise.all(
    chunks.map((chunk) =>
      unwrap(
        api.GET('/v1/runs/metrics/downsampled', {
          params: { query: { runs: chunk.join(','), maxPoints: DRAWN_POINTS } },
        }),
      ),
    ),
  );
  return answers.flatMap((answer) =>
    answer.items.map(
      ({ metrics }) =>
        new Map(
          metrics.map(({ key, count, points }) => [
            key,
            { points: points.map((p) => ({ x: p.step, y: p.value })), total: count },
          ]),
        ),
    ),
  );
}
