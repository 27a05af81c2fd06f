import Link from 'next/link';
import { ForestPlot } from '../../../../../components/forest-plot';
import { formatLevel } from '../../../../../components/interval';
import { formatNumber, formatTime } from '../../../../../lib/format';
import { comparedMetrics, getComparison } from '../../../../../lib/gates';
import { requireSession } from '../../../../../lib/session';
import { withProblem } from '../../../../problem-view';

export const dynamic = 'force-dynamic';

/** A comparison report: each metric's delta with its paired interval (a forest plot) and test. */
export default async function ComparisonPage({
  params,
}: {
  params: Promise<{ name: string; id: string }>;
}) {
  const { name: raw, id } = await params;
  const name = decodeURIComponent(raw);
  return withProblem(`Comparison ${id}`, async () => {
    const { api, project } = await requireSession();
    const comparison = await getComparison(api, project, id);
    const metrics = comparedMetrics(comparison);
    const finite = (v: number | null): v is number => v !== null && Number.isFinite(v);
    return (
      <section>
        <p>
          <Link href={`/models/${encodeURIComponent(name)}/gates`}>← Gates and comparisons</Link>
        </p>
        <h1>
          v{comparison.candidateVersion} vs v{comparison.baselineVersion}
          {comparison.baselineAlias ? ` (${comparison.baselineAlias})` : ''}
        </h1>
        <p className="muted">
          {comparison.dataset.rows} rows of dataset <code>{comparison.datasetId}</code>, target{' '}
          <code>{comparison.spec.target}</code>, α = {comparison.spec.alpha ?? 0.05} ·{' '}
          {formatTime(comparison.createdAt)}
        </p>
        <ForestPlot
          testId="forest-plot"
          title="Delta per metric with its paired bootstrap interval"
          rows={metrics
            .filter((m) => finite(m.delta))
            .map((m) => ({
              label: m.metric,
              delta: m.delta as number,
              low: m.interval?.low ?? null,
              high: m.interval?.high ?? null,
              higherIsBetter: m.higherIsBetter,
              significantlyWorse: m.significantlyWorse,
            }))}
        />
        <table data-testid="compared-metrics">
          <thead>
            <tr>
              <th>Metric</th>
              <th>Candidate</th>
              <th>Baseline</th>
              <th>Delta</th>
              <th>Interval</th>
              <th>Test</th>
              <th>Significantly worse</th>
            </tr>
          </thead>
          <tbody>
            {metrics.map((m) => (
              <tr key={m.metric}>
                <td>
                  {m.metric} <span className="muted">({m.higherIsBetter ? '↑' : '↓'} better)</span>
                </td>
                <td>{finite(m.candidate) ? formatNumber(m.candidate) : '—'}</td>
                <td>{finite(m.baseline) ? formatNumber(m.baseline) : '—'}</td>
                <td>{finite(m.delta) ? formatNumber(m.delta) : '—'}</td>
                <td>
                  {m.interval
                    ? `[${formatNumber(m.interval.low)}, ${formatNumber(m.interval.high)}] at ${formatLevel(m.interval.level)}`
                    : '—'}
                </td>
                <td>{m.test ? `${m.test.name}: p = ${formatNumber(m.test.pValue)}` : '—'}</td>
                <td>{m.significantlyWorse === null ? '—' : m.significantlyWorse ? 'yes' : 'no'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    );
  });
}
