import { writeAuditLog } from '../audit/write-audit-log.js';
import { ZActorSchema, ZIdSchema } from '../common.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { parseInput } from '../validate.js';
import { closeJob } from './close-job.js';
import { JOB_COLUMNS, type JobRow, toJob } from './job.mappers.js';
import type { Job } from './job.types.js';

const LOCK_PROJECT_JOB = `SELECT ${JOB_COLUMNS} FROM jobs
  WHERE id = $1::uuid AND project_id = $2::uuid FOR UPDATE`;
const REQUEST_CANCEL = `UPDATE jobs SET cancel_requested = true, updated_at = now()
  WHERE id = $1::uuid RETURNING ${JOB_COLUMNS}`;

const ENDED: Record<string, string> = {
  succeeded: 'has already succeeded',
  failed: 'has already failed',
  cancelled: 'has already been cancelled',
};

/**
 * A user cancels a job: a queued job is cancelled at once; a running one is flagged
 * (`cancelRequested`), and its worker stops at its next heartbeat (or, if that worker is gone,
 * the next claim closes it); an ended job cannot be cancelled (`conflict`).
 */
export async function cancel(
  ctx: RegistryContext,
  projectId: string,
  id: string,
  actor: string = SYSTEM_ACTOR,
): Promise<Job> {
  const by = parseInput(ZActorSchema, actor, 'actor');
  const notFound = new RegistryError(
    'not_found',
    `Job ${id} does not exist in project ${projectId}`,
  );
  if (!ZIdSchema.safeParse(projectId).success || !ZIdSchema.safeParse(id).success) throw notFound;
  return withDbErrors(() =>
    ctx.db.$transaction(async (tx) => {
      const [job] = await tx.$queryRawUnsafe<JobRow[]>(LOCK_PROJECT_JOB, id, projectId);
      if (job === undefined) throw notFound;
      const ended = ENDED[job.status];
      if (ended !== undefined) {
        throw new RegistryError('conflict', `Job ${id} ${ended}`, {
          details: { status: job.status },
        });
      }
      if (job.status === 'running' && job.cancelRequested) return toJob(job);
      const [row] =
        job.status === 'queued'
          ? [await closeJob(tx, id, { status: 'cancelled' })]
          : await tx.$queryRawUnsafe<JobRow[]>(REQUEST_CANCEL, id);
      if (row === undefined) throw new Error(`job ${id} vanished while locked`);
      await writeAuditLog(tx, {
        projectId: job.projectId,
        actor: by,
        action: job.status === 'queued' ? 'job.cancel' : 'job.cancel_request',
        entity: 'job',
        entityId: id,
        details: { kind: job.kind, status: job.status },
      });
      return toJob(row);
    }),
  );
}
