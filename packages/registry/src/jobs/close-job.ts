import type { Tx } from '../db/client.js';
import { JOB_COLUMNS, type JobRow } from './job.mappers.js';
import type { JobStatus } from './job.types.js';

// finished_at from the database's clock, like the claim's started_at and lease: one clock orders
// a job's timestamps even when the API's host clock drifts.
const CLOSE_JOB = `UPDATE jobs SET
    status = $2::"JobStatus",
    progress_fraction = CASE WHEN $2 = 'succeeded' THEN 1 ELSE progress_fraction END,
    result = $3::jsonb,
    error = $4::jsonb,
    evaluation_id = $5::uuid,
    lease_until = NULL,
    finished_at = now(),
    updated_at = now()
  WHERE id = $1::uuid
  RETURNING ${JOB_COLUMNS}`;

/** Puts a job locked by the caller's transaction in a final state. */
export async function closeJob(
  tx: Tx,
  id: string,
  outcome: {
    status: Extract<JobStatus, 'succeeded' | 'failed' | 'cancelled'>;
    result?: Record<string, unknown>;
    error?: { title: string; detail: string };
    evaluationId?: string | null;
  },
): Promise<JobRow> {
  const [row] = await tx.$queryRawUnsafe<JobRow[]>(
    CLOSE_JOB,
    id,
    outcome.status,
    outcome.result === undefined ? null : JSON.stringify(outcome.result),
    outcome.error === undefined ? null : JSON.stringify(outcome.error),
    outcome.evaluationId ?? null,
  );
  if (row === undefined) throw new Error(`job ${id} vanished while locked`);
  return row;
}
