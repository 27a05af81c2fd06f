import type { Schemas } from '../lib/api';

type Job = Schemas['Job'];

/** The job's state as a coloured badge; the word itself carries the meaning, not the colour. */
export function StatusBadge({ status }: { status: Job['status'] }) {
  return <span className={`badge badge-${status}`}>{status}</span>;
}

/**
 * How far a job has come. Explanation jobs cannot know their total work, so their fraction stays
 * 0 until the end: the bar is then indeterminate (no aria-valuenow) and the message says what has
 * been done.
 */
export function JobProgress({ job }: { job: Job }) {
  const known = job.status === 'queued' || job.kind !== 'explanation' || job.progress.fraction > 0;
  const percent = Math.round(Math.min(1, Math.max(0, job.progress.fraction)) * 100);
  const message = job.progress.message ?? (job.status === 'queued' ? 'waiting for a worker' : '');
  return (
    <div className="job-progress">
      <div
        role="progressbar"
        aria-label={`Progress of ${job.kind} job`}
        aria-valuemin={0}
        aria-valuemax={100}
        {...(known ? { 'aria-valuenow': percent } : {})}
        aria-valuetext={
          known ? `${percent} %${message ? `, ${message}` : ''}` : message || 'working'
        }
        className={known ? 'bar' : 'bar indeterminate'}
      >
        <div className="fill" style={{ width: known ? `${percent}%` : '100%' }} />
      </div>
      <span className="muted">
        {known ? `${percent} %` : ''}
        {known && message ? ' · ' : ''}
        {message}
      </span>
    </div>
  );
}

/**
 * A short name for a job. Ids are UUIDv7, whose leading digits are the creation time and so
 * alike for jobs started together: the random tail tells them apart.
 */
export const shortId = (id: string) => `…${id.slice(-8)}`;

/** A job that is still going: the pages keep refreshing while one is on screen. */
export const isActive = (job: Pick<Job, 'status'>) =>
  job.status === 'queued' || job.status === 'running';

/** What a job works on, read from its stored input (its shape depends on the kind). */
export function jobSubject(job: Job): { model: string | null; label: string } {
  const input = job.input as {
    model?: unknown;
    version?: unknown;
    alias?: unknown;
    method?: unknown;
  };
  if (job.kind === 'automl') {
    const request = (job.input as { request?: { modelName?: unknown } }).request;
    const model = typeof request?.modelName === 'string' ? request.modelName : null;
    return { model, label: `AutoML into ${model ?? '?'}` };
  }
  if (job.kind === 'evaluation' || job.kind === 'text-evaluation') {
    const model = typeof input.model === 'string' ? input.model : null;
    return { model, label: `${model ?? '?'} ${selector(input)}` };
  }
  const ref = (input.model ?? null) as {
    name?: unknown;
    version?: unknown;
    alias?: unknown;
  } | null;
  const model = ref && typeof ref.name === 'string' ? ref.name : null;
  const method = typeof input.method === 'string' ? input.method : 'explanation';
  return {
    model,
    label: model ? `${method} of ${model} ${selector(ref ?? {})}` : `${method} (inline model)`,
  };
}

const selector = (s: { version?: unknown; alias?: unknown }) =>
  typeof s.version === 'number'
    ? `v${s.version}`
    : typeof s.alias === 'string'
      ? `@${s.alias}`
      : '(newest)';
