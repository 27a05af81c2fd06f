import { writeAuditLog } from '../audit/write-audit-log.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { parseInput } from '../validate.js';
import { closeJob } from './close-job.js';
import { toJob } from './job.mappers.js';
import { type TJobErrorSchema, ZJobAttemptSchema, ZJobErrorSchema } from './job.schemas.js';
import type { Job } from './job.types.js';
import { lockOwnedJob } from './lock-owned-job.js';

/** Records a job's failure (not retried) by the attempt that owns it (`conflict` otherwise). */
export async function fail(
  ctx: RegistryContext,
  id: string,
  attempt: number,
  error: TJobErrorSchema,
): Promise<Job> {
  const turn = parseInput(ZJobAttemptSchema, attempt, 'attempt');
  const problem = parseInput(ZJobErrorSchema, error, 'job error');
  return withDbErrors(() =>
    ctx.db.$transaction(async (tx) => {
      const job = await lockOwnedJob(tx, id, turn, 'fail');
      const row = await closeJob(tx, id, { status: 'failed', error: problem });
      await writeAuditLog(tx, {
        projectId: job.projectId,
        actor: job.workerId ?? SYSTEM_ACTOR,
        action: 'job.fail',
        entity: 'job',
        entityId: id,
        details: { kind: job.kind, attempt: turn, title: problem.title },
      });
      return toJob(row);
    }),
  );
}
