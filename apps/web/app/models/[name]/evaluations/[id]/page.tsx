import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ConfusionMatrix } from '../../../../../components/confusion-matrix';
import { CurveChart } from '../../../../../components/curve-chart';
import { Interval } from '../../../../../components/interval';
import { ApiProblem, type AssayClient, type Schemas, unwrap } from '../../../../../lib/api';
import { formatNumber, formatTime } from '../../../../../lib/format';
import { requireSession } from '../../../../../lib/session';
import {
  averagePrecisionOf,
  hasStructuredResults,
  readStructuredResults,
  type StructuredResults,
  trapezoidArea,
} from '../../../../../lib/structured-results';
import { withProblem } from '../../../../problem-view';

export const dynamic = 'force-dynamic';

const STRUCTURED = ['confusionMatrix', 'rocCurve', 'precisionRecallCurve', 'calibrationCurve'];

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
    const results = await structuredResultsOf(api, project, evaluation, jobHint);
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
        <h2>Metrics</h2>
        <table data-testid="evaluation-metrics">
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col">Value</th>
              <th scope="col">Confidence interval</th>
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
              </tr>
            ))}
          </tbody>
        </table>
        {hasStructuredResults(results) ? (
          <StructuredResultsView results={results} />
        ) : asked ? (
          <p className="muted" data-testid="no-structured-results">
            This batch test computed a matrix or curves, but its full results were not kept (it ran
            within its request, before evaluations stored them). Run it again as a job from the
            model page to see them.
          </p>
        ) : (
          <p className="muted">
            Ask for <code>confusionMatrix</code>, <code>rocCurve</code>,{' '}
            <code>precisionRecallCurve</code> or <code>calibrationCurve</code> in a batch test to
            see them drawn here.
          </p>
        )}
      </section>
    );
  });
}

/**
 * The full metric results: in the stored evaluation when it has them, else in the report of the
 * job that produced it (the one named in the link, or found among recent evaluation jobs).
 */
async function structuredResultsOf(
  api: AssayClient,
  project: string,
  evaluation: Schemas['Evaluation'],
  jobHint: string | undefined,
): Promise<StructuredResults> {
  const own = readStructuredResults(evaluation.metrics);
  if (hasStructuredResults(own)) return own;
  // Stored beside the metrics as the report the POST answers (`report.metrics[].result`)?
  const stored = (evaluation as { report?: { metrics?: unknown } }).report?.metrics;
  if (Array.isArray(stored)) {
    const fromReport = readStructuredResults(stored);
    if (hasStructuredResults(fromReport)) return fromReport;
  }
  const reportOf = (job: Schemas['Job'] | undefined) => {
    if (!job || job.evaluationId !== evaluation.id) return null;
    const report = job.result?.report as { metrics?: unknown } | undefined;
    return Array.isArray(report?.metrics) ? readStructuredResults(report.metrics) : null;
  };
  try {
    if (jobHint) {
      const job = await unwrap(
        api.GET('/v1/projects/{project}/jobs/{job}', {
          params: { path: { project, job: jobHint } },
        }),
      );
      const found = reportOf(job);
      if (found) return found;
    }
    const jobs = await unwrap(
      api.GET('/v1/projects/{project}/jobs', {
        params: {
          path: { project },
          query: { kind: 'evaluation', status: 'succeeded', limit: 100 },
        },
      }),
    );
    return reportOf(jobs.items.find((j) => j.evaluationId === evaluation.id)) ?? own;
  } catch (err) {
    // A job that cannot be read only means no curves: the page still shows the metrics.
    if (err instanceof ApiProblem) return own;
    throw err;
  }
}

function StructuredResultsView({ results }: { results: StructuredResults }) {
  const { confusionMatrix, rocCurve, precisionRecallCurve, calibrationCurve, values } = results;
  const rocAuc = rocCurve ? (values.rocAuc ?? trapezoidArea(rocCurve.fpr, rocCurve.tpr)) : null;
  const ap = precisionRecallCurve
    ? (values.averagePrecision ?? averagePrecisionOf(precisionRecallCurve))
    : null;
  return (
    <>
      {confusionMatrix ? (
        <>
          <h2 id="confusionMatrix">Confusion matrix</h2>
          <ConfusionMatrix result={confusionMatrix} />
        </>
      ) : null}
      {rocCurve || precisionRecallCurve || calibrationCurve ? <h2>Curves</h2> : null}
      <div className="charts">
        {rocCurve ? (
          <figure id="rocCurve">
            <CurveChart
              testId="roc-curve"
              title={`ROC curve · AUC = ${formatNumber(rocAuc as number)}`}
              points={rocCurve.fpr.map((x, i) => ({ x, y: rocCurve.tpr[i] as number }))}
              xLabel="false positive rate"
              yLabel="true positive rate"
              reference="diagonal"
            />
          </figure>
        ) : null}
        {precisionRecallCurve ? (
          <figure id="precisionRecallCurve">
            <CurveChart
              testId="pr-curve"
              title={`Precision–recall · AP = ${formatNumber(ap as number)}`}
              points={precisionRecallCurve.recall.map((x, i) => ({
                x,
                y: precisionRecallCurve.precision[i] as number,
              }))}
              xLabel="recall"
              yLabel="precision"
            />
          </figure>
        ) : null}
        {calibrationCurve ? (
          <figure id="calibrationCurve">
            <CurveChart
              testId="calibration-curve"
              title="Calibration"
              points={calibrationCurve.probPred.map((x, i) => ({
                x,
                y: calibrationCurve.probTrue[i] as number,
              }))}
              xLabel="mean predicted probability"
              yLabel="fraction of positives"
              reference="diagonal"
            />
            <figcaption className="muted small">
              {calibrationCurve.counts.length} bins of {calibrationCurve.counts.join(', ')} samples
            </figcaption>
          </figure>
        ) : null}
      </div>
    </>
  );
}
