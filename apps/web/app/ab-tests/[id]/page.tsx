import Link from 'next/link';
import { BarChart } from '../../../components/bar-chart';
import { ForestPlot } from '../../../components/forest-plot';
import { IntervalOverTime } from '../../../components/interval-over-time';
import { getAbTestReport, percentOf, signedPercent } from '../../../lib/ab-tests';
import { formatNumber, formatTime } from '../../../lib/format';
import { requireSession } from '../../../lib/session';
import { withProblem } from '../../problem-view';

export const dynamic = 'force-dynamic';

/**
 * One A/B test: its variants and units, a sample-ratio-mismatch banner when the split is off,
 * each metric's relative lift per variant with its interval (forest plot) and P(B > A), the
 * interval over time (cumulative, by day) and the exposures per day; the decision once stopped.
 */
export default async function AbTestPage({ params }: { params: Promise<{ id: string }> }) {
  const id = (await params).id;
  return withProblem('A/B test', async () => {
    const { api, project } = await requireSession();
    const report = await getAbTestReport(api, project, id);
    const { abTest: t, analysis } = report;
    const unitsOf = (variant: number) =>
      analysis.metrics[0]?.variants.find((v) => v.variant === variant)?.units ?? 0;
    const days = [...new Set(report.exposuresByDay.map((d) => d.day))];
    return (
      <section>
        <p>
          <Link href="/ab-tests">← A/B tests</Link>
        </p>
        <h1>
          {t.name} <span className="muted">({t.status})</span>
        </h1>
        <p>
          Model <Link href={`/models/${encodeURIComponent(t.modelName)}`}>{t.modelName}</Link>,
          unit: {t.unitType}, method: {analysis.method} (α = {analysis.alpha}), coverage{' '}
          {Math.round(t.coverage * 100)} %{t.alias ? `, promotes to alias ${t.alias}` : ''}. Started{' '}
          {formatTime(t.startedAt)}
          {t.stoppedAt ? `, stopped ${formatTime(t.stoppedAt)}` : ''}; data up to{' '}
          {formatTime(report.until)}.
        </p>
        {analysis.srm.flagged ? (
          <p role="alert" className="error" data-testid="srm-banner">
            Sample-ratio mismatch: the units do not split as designed (χ² ={' '}
            {formatNumber(analysis.srm.chiSquare)}, p = {analysis.srm.pValue.toExponential(2)} &lt;
            0.001). Assignment or logging is broken; no winner can be trusted until it is fixed.
          </p>
        ) : null}
        {t.decision ? (
          <p data-testid="ab-decision">
            Decision: <strong>{t.decision.winnerName ?? 'no winner (control kept)'}</strong>
            {t.decision.version !== null ? ` (version ${t.decision.version})` : ''} by{' '}
            {t.decision.decidedBy}
            {t.decision.reason ? ` — ${t.decision.reason}` : ''}
            {t.decision.override ? ` (override: ${t.decision.override.reason})` : ''}.
          </p>
        ) : null}
        <table data-testid="ab-variants">
          <thead>
            <tr>
              <th>Variant</th>
              <th>Serves</th>
              <th>Weight</th>
              <th>Units</th>
            </tr>
          </thead>
          <tbody>
            {t.variants.map((v) => (
              <tr key={v.index}>
                <td>
                  {v.name}
                  {v.index === 0 ? ' (control)' : ''}
                </td>
                <td>{v.version !== null ? `version ${v.version}` : `alias ${v.alias}`}</td>
                <td>{Math.round(v.weight * 1000) / 10} %</td>
                <td>{unitsOf(v.index)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {analysis.metrics.map((m) => {
          const treated = m.variants.filter((v) => v.variant !== 0);
          const rows = treated
            .filter((v) => v.relative.estimate !== null)
            .map((v) => ({
              label: v.name,
              delta: v.relative.estimate as number,
              low: v.relative.ci?.[0] ?? null,
              high: v.relative.ci?.[1] ?? null,
              higherIsBetter: !m.inverse,
              significantlyWorse: v.significant === 'worse',
            }));
          return (
            <div key={m.name} data-testid="ab-metric" data-metric={m.name}>
              <h2>
                {m.name}{' '}
                <span className="muted">
                  ({m.role}, {m.kind}
                  {m.cuped ? ', CUPED' : ''})
                </span>
              </h2>
              <table>
                <thead>
                  <tr>
                    <th>Variant</th>
                    <th>Units</th>
                    <th>Mean</th>
                    <th>Lift</th>
                    <th>Interval</th>
                    <th>{analysis.method === 'bayesian' ? 'P(beats control)' : 'p-value'}</th>
                    <th>Verdict</th>
                  </tr>
                </thead>
                <tbody>
                  {m.variants.map((v) => (
                    <tr key={v.variant}>
                      <td>{v.name}</td>
                      <td>{v.units}</td>
                      <td>{formatNumber(v.mean)}</td>
                      <td>{v.variant === 0 ? '—' : signedPercent(v.relative.estimate)}</td>
                      <td>
                        {v.relative.ci
                          ? `[${signedPercent(v.relative.ci[0])}, ${signedPercent(v.relative.ci[1])}]`
                          : '—'}
                      </td>
                      <td
                        data-testid={analysis.method === 'bayesian' ? 'chance-to-win' : 'p-value'}
                      >
                        {v.variant === 0
                          ? '—'
                          : analysis.method === 'bayesian'
                            ? percentOf(v.chanceToWin)
                            : v.relative.pValue === null
                              ? '—'
                              : formatNumber(v.relative.pValue)}
                      </td>
                      <td>{v.significant ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {rows.length > 0 ? (
                <ForestPlot
                  rows={rows}
                  title={`${m.name}: relative lift vs control`}
                  testId="ab-forest"
                />
              ) : null}
              {treated.map((v) => {
                const points = report.series
                  .filter((p) => p.metric === m.name && p.variant === v.variant)
                  .map((p) => ({
                    day: p.day,
                    estimate: p.estimate,
                    low: p.ci?.[0] ?? null,
                    high: p.ci?.[1] ?? null,
                  }));
                return points.length > 0 ? (
                  <IntervalOverTime
                    key={v.variant}
                    points={points}
                    title={`${m.name}, ${v.name}: ${analysis.method} interval over time`}
                    testId="ab-interval-over-time"
                  />
                ) : null;
              })}
            </div>
          );
        })}
        <h2>Exposures per day</h2>
        {days.length === 0 ? (
          <p className="muted">No unit exposed yet.</p>
        ) : (
          <BarChart
            bars={report.exposuresByDay.map((d) => ({
              label: `${d.day} ${t.variants[d.variant]?.name ?? d.variant}`,
              value: d.units,
            }))}
            valueLabel="first exposures"
          />
        )}
        <p className="muted">{analysis.engine}</p>
      </section>
    );
  });
}
