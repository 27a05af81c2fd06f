import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { parseInput } from '../validate.js';
import {
  type THeartbeatOptionsSchema,
  ZHeartbeatOptionsSchema,
  ZJobAttemptSchema,
} from './job.schemas.js';

// One statement, and no audit entry: a heartbeat is liveness, not a decision, and a worker sends
// one every few seconds for as long as a job runs. The claim and the outcome are audited.
// A progress report replaces both fraction and message; without one, both are kept.
const HEARTBEAT = `UPDATE jobs SET
    lease_until = now() + $3::int * interval '1 millisecond',
    progress_fraction = coalesce($4::float8, progress_fraction),
    progress_message = CASE WHEN $4::float8 IS NULL THEN progress_message ELSE $5::text END,
    updated_at = now()
  WHERE id = $1::uuid AND attempts = $2::int AND status = 'running'
  RETURNING cancel_requested AS "cancelRequested"`;

/**
 * Extends the lease of attempt `attempt` and records its progress. `null` when that attempt no
 * longer owns the job (a later attempt claimed it, or it has ended): the worker must stop;
 * otherwise whether cancellation was requested (then stop and call `markCancelled`). `fraction`
 * is in 0..1. Not audited: it is liveness, not a decision.
 */
export async function heartbeat(
  ctx: RegistryContext,
  id: string,
  attempt: number,
  options: THeartbeatOptionsSchema,
): Promise<{ cancelRequested: boolean } | null> {
  const turn = parseInput(ZJobAttemptSchema, attempt, 'attempt');
  const { leaseMs, progress } = parseInput(ZHeartbeatOptionsSchema, options, 'heartbeat');
  if (!ZIdSchema.safeParse(id).success) return null;
  const [row] = await withDbErrors(() =>
    ctx.db.$queryRawUnsafe<{ cancelRequested: boolean }[]>(
      HEARTBEAT,
      id,
      turn,
      leaseMs,
      progress?.fraction ?? null,
      progress?.message ?? null,
    ),
  );
  return row === undefined ? null : { cancelRequested: row.cancelRequested };
}
