import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import type { JobKind } from './job.types.js';

/**
 * Jobs that no worker is on, across projects, oldest first: queued for longer than `queuedForMs`,
 * or running on an expired lease. A queue that only carries ids (BullMQ) may have lost them — the
 * API stopped between storing a job and handing it over, or Redis lost its data — so a sweeper
 * hands them over again; the claim decides, on the row, whether one is still to run.
 */
export async function listStranded(
  ctx: RegistryContext,
  options: { queuedForMs: number; limit?: number },
): Promise<{ id: string; kind: JobKind }[]> {
  const { queuedForMs, limit = 100 } = options;
  if (!(Number.isInteger(queuedForMs) && queuedForMs >= 0))
    throw new RegistryError('invalid', `queuedForMs must be an integer ≥ 0, got ${queuedForMs}`);
  if (!(Number.isInteger(limit) && limit >= 1 && limit <= 1000))
    throw new RegistryError('invalid', `limit must be an integer in [1, 1000], got ${limit}`);
  return withDbErrors(() =>
    ctx.db.$queryRawUnsafe<{ id: string; kind: JobKind }[]>(
      `SELECT id::text AS id, kind FROM jobs
        WHERE (status = 'queued' AND created_at < now() - $1::int * interval '1 millisecond')
           OR (status = 'running' AND lease_until < now())
        ORDER BY id
        LIMIT $2::int`,
      queuedForMs,
      limit,
    ),
  );
}
