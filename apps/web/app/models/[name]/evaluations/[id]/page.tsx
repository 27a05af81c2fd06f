import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Histogram } from '../../../../../components/charts/histogram';
import { ScatterChart } from '../../../../../components/charts/scatter-chart';
import { StructuredResultsView } from '../../../../../components/evaluation-report';
import { Interval } from '../../../../../components/interval';
import { isTextEvaluation, TextMetricsTable } from '../../../../../components/text-metrics';
import { type Schemas, unwrap } from '../../../../../lib/api';
import { structuredResultsOf } from '../../../../../lib/evaluation-results';
import { formatNumber, formatTime } from '../../../../../lib/format';
import { requireSession } from '../../../../../lib/session';
import {
  hasStructuredResults,
  type ResidualsResult,
  type StructuredResults,
} from '../../../../../lib/structured-results';
import { withProblem } from '../../../../problem-view';

export const dynamic = 'force-dynamic';

const STRUCTURED = [
  'confusionMatrix',
  'rocCurve',
  'precisionRecallCurve',
  'calibrationCurve',
  'groupMetrics',
  'residuals',
];

/**
 * One batch test of a model: its metrics with their intervals, and its structured results (the
 * confusion matrix, ROC, precision–recall and calibration curves) drawn as SVG.
 */
export default async function EvaluationPage({
  params,
  searchParams,
}: {
  params: Promise<{ name: string; id: string }>;
  searchParams: Promise<{ job?: string }>;
}) {
  const { name: rawName, id: rawId } = await params;
  const name = decodeURIComponent(rawName);
  const id = decodeURIComponent(rawId);
  const { job: jobHint } = await searchParams;
  return withProblem('Batch test', async () => {
    const { api, project } = await requireSession();
    const evaluation = await unwrap(
      api.GET('/v1/projects/{project}/evaluations/{evaluation}', {
        params: { path: { project, evaluation: id } },
      }),
    );
    if (evaluation.modelName !== name) notFound();
    const [results, others] = await Promise.all([
      structuredResultsOf(api, project, evaluation, jobHint),
      unwrap(
        api.GET('/v1/projects/{project}/evaluations', {
          params: { path: { project }, query: { model: name, limit: 100 } },
        }),
      ),
    ]);
    const sameData = others.items.filter(
      (e) => e.id !== evaluation.id && e.dataset.sha256 === evaluation.dataset.sha256,
    );
    const asked = evaluation.metrics.some((m) => STRUCTURED.includes(m.name));
    return (
      <section>
        <p>
          <Link href={`/models/${encodeURIComponent(name)}#batch-tests`}>← {name}</Link>
        </p>
        <h1>
          Batch test of {name} v{evaluation.version}
        </h1>
        <p className="muted">
          {evaluation.dataset.rows} rows (
          <code title={evaluation.dataset.sha256}>{evaluation.dataset.sha256.slice(0, 12)}…</code>)
          · {formatTime(evaluation.createdAt)}
          {evaluation.createdBy ? ` by ${evaluation.createdBy}` : ''} · id{' '}
          <code>{evaluation.id}</code>
        </p>
        <p>
          <Link
            href={`/models/${encodeURIComponent(name)}/versions/${evaluation.version}`}
            data-testid="version-link"
          >
            Version v{evaluation.version} →
          </Link>
        </p>
        {sameData.length > 0 ? (
          <form
            method="get"
            action={`/models/${encodeURIComponent(name)}/evaluations/compare`}
            className="row-controls"
            aria-label="Compare with another batch test on the same data"
          >
            <input type="hidden" name="a" value={evaluation.id} />
            <label htmlFor="compare-b">Compare with</label>
            <select id="compare-b" name="b">
              {sameData.map((e) => (
                <option key={e.id} value={e.id}>
                  v{e.version} · {formatTime(e.createdAt)}
                </option>
              ))}
            </select>
            <button type="submit">Compare</button>
          </form>
        ) : null}
        {isTextEvaluation(evaluation.metrics) ? (
          <>
            <h2>Text metrics</h2>
            <TextMetricsTable metrics={evaluation.metrics} />
          </>
        ) : (
          <NumericReport evaluation={evaluation} results={results} asked={asked} />
        )}
      </section>
    );
  });
}

/** A numeric batch test's metrics and its structured results. */
function NumericReport({
  evaluation,
  results,
  asked,
}: {
  evaluation: Schemas['Evaluation'];
  results: StructuredResults;
  asked: boolean;
}) {
  return (
    <>
      <h2>Metrics</h2>
      <table data-testid="evaluation-metrics">
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <th scope="col">Value</th>
            <th scope="col">Confidence interval</th>
            <th scope="col">Signature</th>
          </tr>
        </thead>
        <tbody>
          {evaluation.metrics.map((m) => (
            <tr key={m.name}>
              <td>{m.name}</td>
              <td>
                {m.value === null ? (
                  STRUCTURED.includes(m.name) ? (
                    <a href={`#${m.name}`}>below</a>
                  ) : (
                    '—'
                  )
                ) : (
                  formatNumber(m.value)
                )}
              </td>
              <td>{m.confidenceInterval ? <Interval ci={m.confidenceInterval} /> : '—'}</td>
              <td>
                <code className="small">{signatureText(m.signature)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {results.residuals ? <ResidualsView residuals={results.residuals} /> : null}
      {hasStructuredResults(results) ? (
        <StructuredResultsView results={results} />
      ) : asked ? (
        <p className="muted" data-testid="no-structured-results">
          This batch test computed a matrix or curves, but its full results were not kept (it ran
          within its request, before evaluations stored them). Run it again as a job from the model
          page to see them.
        </p>
      ) : (
        <p className="muted">
          Ask for <code>confusionMatrix</code>, <code>rocCurve</code>,{' '}
          <code>precisionRecallCurve</code>, <code>calibrationCurve</code> or{' '}
          <code>groupMetrics</code> (with a sensitive column) of a classifier, or{' '}
          <code>residuals</code> of a regression, in a batch test to see them drawn here.
        </p>
      )}
    </>
  );
}

/** A metric's signature (what determines its number) as `key=value|…`, or a dash. */
export function signatureText(signature: Record<string, unknown> | undefined): string {
  if (!signature || Object.keys(signature).length === 0) return '—';
  return Object.entries(signature)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('|');
}

/** Residuals against predictions and their histogram, as the batch test stored them. */
function ResidualsView({ residuals }: { residuals: ResidualsResult }) {
  const { points, n } = residuals;
  return (
    <>
      <h2 id="residuals">Residuals</h2>
      <p className="muted small" data-testid="residuals-summary">
        true − predicted: mean {formatNumber(residuals.mean)}, standard deviation{' '}
        {formatNumber(residuals.std)} over {n} rows; the scatter shows{' '}
        {points.rows.length === n ? 'every row' : `${points.rows.length} evenly spaced rows`}, the
        histogram all of them.
      </p>
      <div className="charts">
        <ScatterChart
          testId="residuals-vs-predicted"
          title="Residuals against predictions"
          xLabel="predicted"
          yLabel="residual (true − predicted)"
          reference={0}
          points={points.predicted.map((x, i) => ({ x, y: points.residual[i] as number }))}
        />
        <Histogram
          testId="residual-histogram"
          title="Residual distribution"
          xLabel="residual"
          histogram={residuals.histogram}
          reference={0}
        />
      </div>
    </>
  );
}
