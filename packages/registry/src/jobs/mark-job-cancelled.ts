import { writeAuditLog } from '../audit/write-audit-log.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { parseInput } from '../validate.js';
import { closeJob } from './close-job.js';
import { toJob } from './job.mappers.js';
import { ZJobAttemptSchema } from './job.schemas.js';
import type { Job } from './job.types.js';
import { lockOwnedJob } from './lock-owned-job.js';

/**
 * The owning attempt acknowledges a cancellation (its heartbeat reported `cancelRequested`) and
 * stops: the job becomes `cancelled`. Only a requested cancellation can be acknowledged
 * (`conflict` otherwise): a worker that merely shuts down must leave the job to be claimed again.
 */
export async function markCancelled(
  ctx: RegistryContext,
  id: string,
  attempt: number,
): Promise<Job> {
  const turn = parseInput(ZJobAttemptSchema, attempt, 'attempt');
  return withDbErrors(() =>
    ctx.db.$transaction(async (tx) => {
      const job = await lockOwnedJob(tx, id, turn, 'cancel');
      if (!job.cancelRequested) {
        throw new RegistryError(
          'conflict',
          `Attempt ${turn} cannot mark job ${id} cancelled: nobody asked to cancel it`,
        );
      }
      const row = await closeJob(tx, id, { status: 'cancelled' });
      await writeAuditLog(tx, {
        projectId: job.projectId,
        actor: job.workerId ?? SYSTEM_ACTOR,
        action: 'job.cancelled',
        entity: 'job',
        entityId: id,
        details: { kind: job.kind, attempt: turn },
      });
      return toJob(row);
    }),
  );
}
