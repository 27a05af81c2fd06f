import { writeAuditLog } from '../audit/write-audit-log.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { insertEvaluation } from '../evaluations/insert-evaluation.js';
import { parseInput } from '../validate.js';
import { closeJob } from './close-job.js';
import { toJob } from './job.mappers.js';
import { type TCompleteJobSchema, ZCompleteJobSchema, ZJobAttemptSchema } from './job.schemas.js';
import type { Job } from './job.types.js';
import { lockOwnedJob } from './lock-owned-job.js';

/**
 * Records a job's success, once: in one transaction, locks the job, checks that `attempt` owns it
 * (`conflict` otherwise), stores the evaluation if one is given (the same checks as
 * `evaluations.create`; it must be of the job's project) and closes the job with its result.
 * A stale attempt racing the current one can therefore never store a second result or evaluation.
 */
export async function complete(
  ctx: RegistryContext,
  id: string,
  attempt: number,
  outcome: Omit<TCompleteJobSchema, 'result'> & { result: Record<string, unknown> },
): Promise<Job> {
  const turn = parseInput(ZJobAttemptSchema, attempt, 'attempt');
  const { result, evaluation } = parseInput(ZCompleteJobSchema, outcome, 'job outcome');
  return withDbErrors(() =>
    ctx.db.$transaction(async (tx) => {
      const job = await lockOwnedJob(tx, id, turn, 'complete');
      let evaluationId: string | null = null;
      if (evaluation !== undefined) {
        if (evaluation.projectId !== job.projectId) {
          throw new RegistryError(
            'invalid',
            `Invalid job outcome: the evaluation is of project ${evaluation.projectId} but job ${id} is of project ${job.projectId}`,
          );
        }
        evaluationId = (await insertEvaluation(tx, evaluation, { jobId: id })).id;
      }
      const row = await closeJob(tx, id, { status: 'succeeded', result, evaluationId });
      await writeAuditLog(tx, {
        projectId: job.projectId,
        actor: job.workerId ?? SYSTEM_ACTOR,
        action: 'job.complete',
        entity: 'job',
        entityId: id,
        details: { kind: job.kind, attempt: turn, evaluationId },
      });
      return toJob(row);
    }),
  );
}
