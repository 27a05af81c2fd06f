import Link from 'next/link';
import { AutoRefresh } from '../../../components/auto-refresh';
import { ExplanationReport } from '../../../components/explanation-report';
import { Interval } from '../../../components/interval';
import {
  isActive,
  JobProgress,
  jobSubject,
  StatusBadge,
  shortId,
} from '../../../components/job-status';
import { isTextEvaluation } from '../../../components/text-metrics';
import { ApiProblem, type Schemas, unwrap } from '../../../lib/api';
import { formatNumber, formatTime } from '../../../lib/format';
import { requireSession } from '../../../lib/session';
import { withProblem } from '../../problem-view';
import { CancelButton } from '../cancel-button';

export const dynamic = 'force-dynamic';

/** One job: its state and live progress, and once it has succeeded, what it found. */
export default async function JobPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ instance?: string; feature?: string }>;
}) {
  const id = decodeURIComponent((await params).id);
  const { instance, feature } = await searchParams;
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
          {job.kind === 'evaluation'
            ? 'Batch test'
            : job.kind === 'text-evaluation'
              ? 'Text batch test'
              : 'Explanation'}{' '}
          job <code>{shortId(job.id)}</code> <StatusBadge status={job.status} />
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
          <ExplanationReport
            result={job.result}
            instances={explainedRows(job.input)}
            instance={Number(instance ?? 0) || 0}
            feature={Number(feature ?? 0) || 0}
          />
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
          {isTextEvaluation(evaluation.metrics)
            ? 'full report (text metrics with their signatures and intervals)'
            : 'full report (matrices and curves)'}
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

/** The rows an explanation job explained, when its input carried them inline (not a dataset). */
function explainedRows(input: unknown): number[][] | null {
  const rows = (input as { input?: { instances?: unknown; X?: unknown } } | null)?.input;
  const m = rows?.instances ?? rows?.X;
  return Array.isArray(m) &&
    m.every((r) => Array.isArray(r) && r.every((x) => typeof x === 'number'))
    ? (m as number[][])
    : null;
}
