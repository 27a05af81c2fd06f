import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { parseInput } from '../validate.js';
import { JOB_COLUMNS, type JobRow, toJob } from './job.mappers.js';
import {
  type TClaimJobOptionsSchema,
  ZClaimJobOptionsSchema,
  ZWorkerIdSchema,
} from './job.schemas.js';
import type { Job } from './job.types.js';

// One statement per claim: lock a candidate, decide its fate, update it and write its audit entry.
// The candidate's `verdict` is computed on the locked (latest) row version:
//   - `cancelled`: cancellation was requested while its previous attempt ran and that attempt is
//     gone (lease expired, or the queue says it stalled): nobody will ever acknowledge it;
//   - `failed`: it has used every attempt, each time its worker vanished;
//   - `running`: claimed, attempt + 1.
// Only `running` is returned to the caller; the other verdicts are final states.
const claimStatement = (candidate: string) => `WITH candidate AS (
    SELECT id,
           CASE WHEN cancel_requested THEN 'cancelled'
                WHEN attempts >= max_attempts THEN 'failed'
                ELSE 'running' END AS verdict
      FROM jobs
     ${candidate}
  ), claimed AS (
    UPDATE jobs AS j SET
      status = c.verdict::"JobStatus",
      attempts = j.attempts + CASE WHEN c.verdict = 'running' THEN 1 ELSE 0 END,
      worker_id = CASE WHEN c.verdict = 'running' THEN $1 ELSE j.worker_id END,
      started_at = CASE WHEN c.verdict = 'running' THEN coalesce(j.started_at, now()) ELSE j.started_at END,
      lease_until = CASE WHEN c.verdict = 'running' THEN now() + $2::int * interval '1 millisecond' END,
      finished_at = CASE WHEN c.verdict = 'running' THEN NULL ELSE now() END,
      error = CASE WHEN c.verdict = 'failed'
                   THEN jsonb_build_object(
                          'title', 'Job abandoned',
                          'detail', format('gave up after %s attempts: the worker stopped each time', j.attempts))
                   ELSE j.error END,
      updated_at = now()
    FROM candidate AS c
    WHERE j.id = c.id
    RETURNING j.*
  ), audit AS (
    INSERT INTO audit_logs (project_id, actor, action, entity, entity_id, details)
    SELECT project_id,
           CASE WHEN status = 'running' THEN $1 ELSE '${SYSTEM_ACTOR}' END,
           CASE status WHEN 'running' THEN 'job.claim' WHEN 'failed' THEN 'job.give_up' ELSE 'job.cancelled' END,
           'job', id::text,
           jsonb_build_object('kind', kind, 'attempt', attempts, 'workerId', $1::text)
      FROM claimed
  )
  SELECT ${JOB_COLUMNS} FROM claimed`;

// The oldest claimable job: queued, or running on an expired lease (its worker died). SKIP LOCKED:
// concurrent claimers pass over each other's candidates instead of queueing behind them, so no two
// of them can take the same job. `$3`: kinds as a comma-separated list, or null for any kind.
const CLAIM_NEXT = claimStatement(`WHERE status IN ('queued', 'running')
       AND (status = 'queued' OR lease_until < now())
       AND ($3::text IS NULL OR kind = ANY (string_to_array($3::text, ',')))
     ORDER BY id
     LIMIT 1
     FOR UPDATE SKIP LOCKED`);

// A named job, whatever its lease says: the queue carrying its id (BullMQ) decided its worker
// stalled. Waits for the row lock instead of skipping: the decision is about this job only, and
// once the lock is granted the status test is re-evaluated on the latest row version.
const CLAIM_ONE = claimStatement(`WHERE id = $4::uuid AND status IN ('queued', 'running')
       AND ($3::text IS NULL OR kind = ANY (string_to_array($3::text, ',')))
     FOR UPDATE`);

/**
 * Claims a job for `workerId`: status `running`, attempts + 1, `workerId`, `startedAt` (first
 * claim only), lease until now + `leaseMs` (the database's clock).
 * Without `jobId`: the oldest claimable job (queued, or running with an expired lease), of
 * `kinds` if given; concurrent claimers never get the same job (`FOR UPDATE SKIP LOCKED`).
 * With `jobId`: that job if it is queued or running, whatever its lease (the queue decided its
 * worker stalled).
 * A claimable job that has used `maxAttempts` becomes `failed` ("gave up after N attempts: the
 * worker stopped each time"); one whose cancellation was requested becomes `cancelled`; neither
 * is returned (without `jobId` the search goes on). `null` when nothing is claimable.
 */
export async function claim(
  ctx: RegistryContext,
  workerId: string,
  options: TClaimJobOptionsSchema,
): Promise<{ job: Job; attempt: number } | null> {
  const worker = parseInput(ZWorkerIdSchema, workerId, 'workerId');
  const { leaseMs, jobId, kinds } = parseInput(ZClaimJobOptionsSchema, options, 'claim options');
  const kindList = kinds === undefined ? null : kinds.join(',');
  return withDbErrors(async () => {
    for (;;) {
      const [row] =
        jobId === undefined
          ? await ctx.db.$queryRawUnsafe<JobRow[]>(CLAIM_NEXT, worker, leaseMs, kindList)
          : await ctx.db.$queryRawUnsafe<JobRow[]>(CLAIM_ONE, worker, leaseMs, kindList, jobId);
      if (row === undefined) return null;
      if (row.status === 'running') return { job: toJob(row), attempt: row.attempts };
      // The named job was closed instead of claimed; otherwise look for the next one.
      if (jobId !== undefined) return null;
    }
  });
}
