import Link from 'next/link';
import { AutoRefresh } from '../../components/auto-refresh';
import {
  isActive,
  JobProgress,
  jobSubject,
  StatusBadge,
  shortId,
} from '../../components/job-status';
import { Time } from '../../components/time';
import { type Schemas, unwrap } from '../../lib/api';
import { requireSession } from '../../lib/session';
import { withProblem } from '../problem-view';
import { CancelButton } from './cancel-button';

export const dynamic = 'force-dynamic';

const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
const KINDS = ['evaluation', 'text-evaluation', 'explanation'] as const;
type Status = (typeof STATUSES)[number];
type Kind = (typeof KINDS)[number];

const oneOf = <T extends string>(values: readonly T[], v: string | undefined): T | undefined =>
  values.find((x) => x === v);

/** The project's background jobs, newest first, refreshing while any on the page is still going. */
export default async function JobsPage({
  searchParams,
}: {
  searchParams: Promise<{ status?: string; kind?: string; cursor?: string }>;
}) {
  const params = await searchParams;
  const status = oneOf<Status>(STATUSES, params.status);
  const kind = oneOf<Kind>(KINDS, params.kind);
  return withProblem('Jobs', async () => {
    const { api, me, project } = await requireSession();
    const page = await unwrap(
      api.GET('/v1/projects/{project}/jobs', {
        params: {
          path: { project },
          query: {
            limit: 25,
            ...(status ? { status } : {}),
            ...(kind ? { kind } : {}),
            ...(params.cursor ? { cursor: params.cursor } : {}),
          },
        },
      }),
    );
    const filters = new URLSearchParams({
      ...(status ? { status } : {}),
      ...(kind ? { kind } : {}),
    });
    const canCancel = me.apiKey.role !== 'viewer';
    return (
      <section>
        <h1>Jobs in {project}</h1>
        <p className="muted">
          Batch tests and explanations that run in the background (<code>async: true</code>, or
          datasets too large to run within a request).
        </p>
        <form method="get" className="filters" aria-label="Filter jobs">
          <label htmlFor="status">Status</label>
          <select id="status" name="status" defaultValue={status ?? ''}>
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <label htmlFor="kind">Kind</label>
          <select id="kind" name="kind" defaultValue={kind ?? ''}>
            <option value="">any</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
          <button type="submit">Filter</button>
          {status || kind ? <Link href="/jobs">Clear</Link> : null}
        </form>
        <AutoRefresh active={page.items.some(isActive)} />
        {page.items.length === 0 ? (
          <p className="muted">
            {status || kind
              ? 'No job matches these filters.'
              : `No job yet. Start one with POST /v1/projects/${project}/evaluations and "async": true.`}
          </p>
        ) : (
          <table data-testid="jobs">
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Kind</th>
                <th scope="col">Status</th>
                <th scope="col">Progress / outcome</th>
                <th scope="col">Attempts</th>
                <th scope="col">Created</th>
                <th scope="col">Started</th>
                <th scope="col">Finished</th>
                {canCancel ? (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {page.items.map((job) => (
                <tr key={job.id} data-testid="job" data-status={job.status}>
                  <td>
                    <Link href={`/jobs/${encodeURIComponent(job.id)}`}>
                      <code>{shortId(job.id)}</code>
                    </Link>
                    <div className="muted small">{jobSubject(job).label}</div>
                  </td>
                  <td>{job.kind}</td>
                  <td>
                    <StatusBadge status={job.status} />
                    {job.cancelRequested && isActive(job) ? (
                      <div className="muted small">cancel requested</div>
                    ) : null}
                  </td>
                  <td>
                    <Outcome job={job} />
                  </td>
                  <td>
                    {job.attempts} of {job.maxAttempts}
                  </td>
                  <td>
                    <Time iso={job.createdAt} />
                  </td>
                  <td>
                    <Time iso={job.startedAt} />
                  </td>
                  <td>
                    <Time iso={job.finishedAt} />
                  </td>
                  {canCancel ? (
                    <td>{isActive(job) ? <CancelButton jobId={job.id} /> : null}</td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <nav aria-label="Pages" className="pager">
          {params.cursor ? (
            <Link href={`/jobs${filters.size ? `?${filters}` : ''}`}>← Newest</Link>
          ) : null}
          {page.nextCursor ? (
            <Link
              href={`/jobs?${new URLSearchParams({ ...Object.fromEntries(filters), cursor: page.nextCursor })}`}
            >
              Older jobs →
            </Link>
          ) : null}
        </nav>
      </section>
    );
  });
}

/** While going: the progress; failed: why; a finished evaluation: where its report is. */
function Outcome({ job }: { job: Schemas['Job'] }) {
  if (isActive(job)) return <JobProgress job={job} />;
  if (job.status === 'failed') {
    return <span className="error">{job.error?.detail ?? 'failed without a message'}</span>;
  }
  if (job.status === 'succeeded') {
    const model = jobSubject(job).model;
    if (
      (job.kind === 'evaluation' || job.kind === 'text-evaluation') &&
      job.evaluationId &&
      model
    ) {
      return (
        <Link href={`/models/${encodeURIComponent(model)}#batch-tests`}>Batch test of {model}</Link>
      );
    }
    return <Link href={`/jobs/${encodeURIComponent(job.id)}`}>Result</Link>;
  }
  return <span className="muted">—</span>;
}
