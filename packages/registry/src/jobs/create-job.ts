import { writeAuditLog } from '../audit/write-audit-log.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import type { Prisma } from '../db/client.js';
import { withDbErrors } from '../db/map-db-error.js';
import { requireProject } from '../projects/require-project.js';
import { type TCreateJobSchema, ZCreateJobSchema } from '../schemas.js';
import type { Job } from '../types.js';
import { parseInput } from '../validate.js';
import { toJob } from './job-mappers.js';

export const DEFAULT_JOB_MAX_ATTEMPTS = 3;

/** Queues a job (status `queued`), with its audit entry, in one transaction. */
export async function createJob(
  ctx: RegistryContext,
  // The schema checks that `input` is JSON; callers hold it as a plain record.
  input: Omit<TCreateJobSchema, 'input'> & { input: Record<string, unknown> },
): Promise<Job> {
  const data = parseInput(ZCreateJobSchema, input, 'job');
  return withDbErrors(() =>
    ctx.db.$transaction(async (tx) => {
      await requireProject(tx, data.projectId);
      const row = await tx.job.create({
        data: {
          projectId: data.projectId,
          kind: data.kind,
          input: data.input as Prisma.InputJsonObject,
          maxAttempts: data.maxAttempts ?? DEFAULT_JOB_MAX_ATTEMPTS,
          createdBy: data.createdBy ?? null,
        },
      });
      await writeAuditLog(tx, {
        projectId: data.projectId,
        actor: data.createdBy ?? SYSTEM_ACTOR,
        action: 'job.create',
        entity: 'job',
        entityId: row.id,
        details: { kind: row.kind, maxAttempts: row.maxAttempts },
      });
      return toJob(row);
    }),
  );
}
