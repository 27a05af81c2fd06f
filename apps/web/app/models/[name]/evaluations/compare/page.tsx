import Link from 'next/link';
import { notFound } from 'next/navigation';
import { MultiLineChart } from '../../../../../components/charts/line-chart';
import { rocAucOf } from '../../../../../components/evaluation-report';
import { Interval } from '../../../../../components/interval';
import { unwrap } from '../../../../../lib/api';
import { structuredResultsOf } from '../../../../../lib/evaluation-results';
import { formatNumber, formatTime } from '../../../../../lib/format';
import { requireSession } from '../../../../../lib/session';
import { withProblem } from '../../../../problem-view';

export const dynamic = 'force-dynamic';

/**
 * Two batch tests side by side: their metrics (with intervals and the difference) and their ROC
 * and precision–recall curves overlaid. Both must have run on the same data (the dataset's
 * sha256), else the numbers are not comparable and the page says so.
 */
export default async function CompareEvaluationsPage({
  params,
  searchParams,
}: {
  params: Promise<{ name: string }>;
  searchParams: Promise<{ a?: string; b?: string }>;
}) {
  const name = decodeURIComponent((await params).name);
  const { a, b } = await searchParams;
  return withProblem('Comparison', async () => {
    if (!a || !b) notFound();
    const { api, project } = await requireSession();
    const get = (id: string) =>
      unwrap(
        api.GET('/v1/projects/{project}/evaluations/{evaluation}', {
          params: { path: { project, evaluation: id } },
        }),
      );
    const [ea, eb] = await Promise.all([get(a), get(b)]);
    if (ea.modelName !== name || eb.modelName !== name) notFound();
    const [ra, rb] = await Promise.all([
      structuredResultsOf(api, project, ea, undefined),
      structuredResultsOf(api, project, eb, undefined),
    ]);
    const same = ea.dataset.sha256 === eb.dataset.sha256;
    const names = [...new Set([...ea.metrics, ...eb.metrics].map((m) => m.name))];
    const label = (e: typeof ea) => `v${e.version} · ${formatTime(e.createdAt)}`;
    const metricOf = (e: typeof ea, n: string) => e.metrics.find((m) => m.name === n);
    return (
      <section>
        <p>
          <Link href={`/models/${encodeURIComponent(name)}#batch-tests`}>← {name}</Link>
        </p>
        <h1>
          Batch tests of {name}: v{ea.version} and v{eb.version}
        </h1>
        {same ? (
          <p className="muted" data-testid="same-data">
            Same data: {ea.dataset.rows} rows ({ea.dataset.sha256.slice(0, 12)}…).
          </p>
        ) : (
          <p role="alert" className="error" data-testid="different-data">
            These batch tests ran on different data ({ea.dataset.sha256.slice(0, 12)}… and{' '}
            {eb.dataset.sha256.slice(0, 12)}…): their numbers are not comparable.
          </p>
        )}
        <table data-testid="compare-metrics">
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col">
                <Link href={`/models/${encodeURIComponent(name)}/evaluations/${ea.id}`}>
                  {label(ea)}
                </Link>
              </th>
              <th scope="col">
                <Link href={`/models/${encodeURIComponent(name)}/evaluations/${eb.id}`}>
                  {label(eb)}
                </Link>
              </th>
              <th scope="col">Difference (second − first)</th>
            </tr>
          </thead>
          <tbody>
            {names.map((n) => {
              const ma = metricOf(ea, n);
              const mb = metricOf(eb, n);
              const va = ma?.value ?? null;
              const vb = mb?.value ?? null;
              return (
                <tr key={n}>
                  <th scope="row">{n}</th>
                  <td>
                    {va === null ? '—' : formatNumber(va)}{' '}
                    {ma?.confidenceInterval ? <Interval ci={ma.confidenceInterval} /> : null}
                  </td>
                  <td>
                    {vb === null ? '—' : formatNumber(vb)}{' '}
                    {mb?.confidenceInterval ? <Interval ci={mb.confidenceInterval} /> : null}
                  </td>
                  <td>{va === null || vb === null ? '—' : formatNumber(vb - va)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="charts">
          {ra.rocCurve && rb.rocCurve ? (
            <MultiLineChart
              testId="compare-roc"
              title={`ROC · AUC ${formatNumber(rocAucOf(ra) as number)} vs ${formatNumber(rocAucOf(rb) as number)}`}
              xLabel="false positive rate"
              yLabel="true positive rate"
              series={[
                {
                  label: label(ea),
                  points: ra.rocCurve.fpr.map((x, i) => ({ x, y: ra.rocCurve?.tpr[i] as number })),
                },
                {
                  label: label(eb),
                  points: rb.rocCurve.fpr.map((x, i) => ({ x, y: rb.rocCurve?.tpr[i] as number })),
                },
              ]}
            />
          ) : null}
          {ra.precisionRecallCurve && rb.precisionRecallCurve ? (
            <MultiLineChart
              testId="compare-pr"
              title="Precision–recall"
              xLabel="recall"
              yLabel="precision"
              series={[ea, eb].map((e, k) => {
                const c = (k === 0 ? ra : rb).precisionRecallCurve as NonNullable<
                  typeof ra.precisionRecallCurve
                >;
                return {
                  label: label(e),
                  points: c.recall.map((x, i) => ({ x, y: c.precision[i] as number })),
                };
              })}
            />
          ) : null}
        </div>
      </section>
    );
  });
}
