import { JOB_STATUSES as STATUSES } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import type { JobStatus } from './job.types.js';

/**
 * Jobs in each state across projects (every state present, 0 when none): the queue's depth for
 * monitoring and for scaling workers.
 */
export async function countByStatus(ctx: RegistryContext): Promise<Record<JobStatus, number>> {
  const rows = await withDbErrors(() =>
    ctx.db.$queryRawUnsafe<{ status: JobStatus; n: number }[]>(
      'SELECT status::text AS status, count(*)::int AS n FROM jobs GROUP BY status',
    ),
  );
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>;
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}
