import Link from 'next/link';
import { AutoRefresh } from '../../../components/auto-refresh';
import { BarChart } from '../../../components/bar-chart';
import { Interval } from '../../../components/interval';
import {
  isActive,
  JobProgress,
  jobSubject,
  StatusBadge,
  shortId,
} from '../../../components/job-status';
import { ApiProblem, type Schemas, unwrap } from '../../../lib/api';
import { formatNumber, formatTime } from '../../../lib/format';
import { requireSession } from '../../../lib/session';
import { withProblem } from '../../problem-view';
import { CancelButton } from '../cancel-button';

export const dynamic = 'force-dynamic';

/** One job: its state and live progress, and once it has succeeded, what it found. */
export default async function JobPage({ params }: { params: Promise<{ id: string }> }) {
  const id = decodeURIComponent((await params).id);
  return withProblem('Job', async () => {
    const { api, me, project } = await requireSession();
    const job = await unwrap(
      api.GET('/v1/projects/{project}/jobs/{job}', { params: { path: { project, job: id } } }),
    );
    // The job outlives nothing it points at, but an evaluation may be unreadable on its own
    // (e.g. a key of another project): the job page still shows, with the reason.
    const evaluation =
      job.evaluationId === null
        ? null
        : await unwrap(
            api.GET('/v1/projects/{project}/evaluations/{evaluation}', {
              params: { path: { project, evaluation: job.evaluationId } },
            }),
          ).catch((err: unknown) => {
            if (err instanceof ApiProblem) return err;
            throw err;
          });
    const subject = jobSubject(job);
    return (
      <section>
        <p>
          <Link href="/jobs">← Jobs</Link>
        </p>
        <h1>
          {job.kind === 'evaluation' ? 'Batch test' : 'Explanation'} job{' '}
          <code>{shortId(job.id)}</code> <StatusBadge status={job.status} />
        </h1>
        <p>{subject.label}</p>
        <AutoRefresh active={isActive(job)} />
        {isActive(job) ? (
          <>
            <JobProgress job={job} />
            {me.apiKey.role !== 'viewer' ? <CancelButton jobId={job.id} /> : null}
          </>
        ) : null}
        {job.status === 'failed' && job.error ? (
          <div role="alert" className="error-box">
            <strong>{job.error.title}</strong>
            <p>{job.error.detail}</p>
          </div>
        ) : null}
        <table className="facts" data-testid="job-facts">
          <tbody>
            <tr>
              <th scope="row">Id</th>
              <td>
                <code>{job.id}</code>
              </td>
            </tr>
            <tr>
              <th scope="row">Status</th>
              <td>
                {job.status}
                {job.cancelRequested && isActive(job) ? ' (cancel requested)' : ''}
              </td>
            </tr>
            <tr>
              <th scope="row">Attempts</th>
              <td>
                {job.attempts} of {job.maxAttempts}
              </td>
            </tr>
            <tr>
              <th scope="row">Created</th>
              <td>
                {formatTime(job.createdAt)}
                {job.createdBy ? ` by ${job.createdBy}` : ''}
              </td>
            </tr>
            <tr>
              <th scope="row">Started</th>
              <td>{formatTime(job.startedAt)}</td>
            </tr>
            <tr>
              <th scope="row">Finished</th>
              <td>{formatTime(job.finishedAt)}</td>
            </tr>
            {job.workerId ? (
              <tr>
                <th scope="row">Worker</th>
                <td>
                  <code>{job.workerId}</code>
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
        {evaluation instanceof ApiProblem ? (
          <p role="alert" className="error">
            The stored evaluation cannot be read: {evaluation.message}
          </p>
        ) : evaluation ? (
          <EvaluationResult evaluation={evaluation} jobId={job.id} />
        ) : job.status === 'succeeded' && job.kind === 'explanation' && job.result ? (
          <ExplanationResult result={job.result} />
        ) : null}
        <details>
          <summary>Input</summary>
          <pre>{JSON.stringify(job.input, null, 2)}</pre>
        </details>
      </section>
    );
  });
}

function EvaluationResult({
  evaluation,
  jobId,
}: {
  evaluation: Schemas['Evaluation'];
  jobId: string;
}) {
  return (
    <>
      <h2>Metrics</h2>
      <p className="muted">
        {evaluation.modelName} v{evaluation.version} on {evaluation.dataset.rows} rows (
        <code title={evaluation.dataset.sha256}>{evaluation.dataset.sha256.slice(0, 10)}…</code>) ·
        stored with the{' '}
        <Link href={`/models/${encodeURIComponent(evaluation.modelName)}#batch-tests`}>
          model’s batch tests
        </Link>{' '}
        ·{' '}
        <Link
          href={`/models/${encodeURIComponent(evaluation.modelName)}/evaluations/${evaluation.id}?job=${jobId}`}
          data-testid="evaluation-report-link"
        >
          full report (matrices and curves)
        </Link>
      </p>
      <table data-testid="job-metrics">
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
              <td>{m.value === null ? '—' : formatNumber(m.value)}</td>
              <td>{m.confidenceInterval ? <Interval ci={m.confidenceInterval} /> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

const IMPORTANCE_LABEL: Record<string, string> = {
  shap: 'mean |SHAP value|',
  permutationImportance: 'mean importance (score drop when shuffled)',
  surrogate: 'surrogate feature importance',
};

/** The core's Explanation, read defensively: the job stores it as JSON without a schema. */
function ExplanationResult({ result }: { result: Record<string, unknown> }) {
  const method = typeof result.method === 'string' ? result.method : 'explanation';
  const names = Array.isArray(result.featureNames) ? result.featureNames.map(String) : [];
  const importance = perFeature(result, names.length);
  const fidelity = (result.fidelity ?? null) as Record<string, number> | null;
  return (
    <>
      <h2>Explanation</h2>
      <p className="muted">
        {method}
        {typeof result.algorithm === 'string' ? ` (${result.algorithm})` : ''}
        {typeof result.seed === 'number' ? ` · seed ${result.seed}` : ''}
      </p>
      {importance ? (
        <figure data-testid="explanation-chart">
          <BarChart
            bars={names.map((label, i) => ({ label, value: importance[i] ?? Number.NaN }))}
            valueLabel={IMPORTANCE_LABEL[method] ?? 'importance'}
          />
          <figcaption className="muted">{names.length} features</figcaption>
        </figure>
      ) : (
        <p className="muted">No per-feature values in this explanation.</p>
      )}
      {fidelity && Object.keys(fidelity).length > 0 ? (
        <p>
          Fidelity to the model:{' '}
          {Object.entries(fidelity)
            .map(([k, v]) => `${k} = ${formatNumber(v)}`)
            .join(', ')}
        </p>
      ) : null}
    </>
  );
}

/**
 * Mean |φ| per feature from a SHAP matrix (instances × features); otherwise the explainer's own
 * per-feature numbers (permutation importance, surrogate importances), which may be negative.
 */
function perFeature(result: Record<string, unknown>, features: number): number[] | null {
  const values = result.values;
  if (Array.isArray(values) && values.length > 0 && values.every(Array.isArray)) {
    const rows = values as unknown[][];
    return Array.from({ length: features }, (_, j) => {
      let sum = 0;
      for (const r of rows) sum += Math.abs(Number(r[j]));
      return sum / rows.length;
    });
  }
  const global = result.globalImportance;
  if (Array.isArray(global) && global.length === features && features > 0) {
    return global.map(Number);
  }
  return null;
}
