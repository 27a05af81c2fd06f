import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { parseInput } from '../validate.js';
import { toAutoMlRun } from './automl-run.mappers.js';
import { type TUpdateAutoMlRunSchema, ZUpdateAutoMlRunSchema } from './automl-run.schemas.js';
import type { AutoMlRun } from './automl-run.types.js';

const FINISHED = ['succeeded', 'failed', 'cancelled'];

/**
 * Applies a progress or outcome change. `running` stamps `startedAt` (once), a finished status
 * stamps `finishedAt`; a finished run takes no more changes (`conflict`), so a late progress
 * write of a cancelled job cannot reopen it.
 */
export async function update(
  ctx: RegistryContext,
  projectId: string,
  id: string,
  change: TUpdateAutoMlRunSchema,
): Promise<AutoMlRun> {
  const data = parseInput(ZUpdateAutoMlRunSchema, change, 'AutoML run change');
  if (!ZIdSchema.safeParse(projectId).success || !ZIdSchema.safeParse(id).success) {
    throw new RegistryError('not_found', `AutoML run ${id} not found`);
  }
  return withDbErrors(() =>
    ctx.db.$transaction(async (tx) => {
      const row = await tx.autoMlRun.findFirst({ where: { id, projectId } });
      if (row === null) throw new RegistryError('not_found', `AutoML run ${id} not found`);
      if (FINISHED.includes(row.status)) {
        throw new RegistryError('conflict', `AutoML run ${id} has already ${row.status}`);
      }
      const now = new Date();
      const updated = await tx.autoMlRun.update({
        where: { id },
        data: {
          ...(data.status === undefined ? {} : { status: data.status }),
          ...(data.status === 'running' && row.startedAt === null ? { startedAt: now } : {}),
          ...(data.status !== undefined && FINISHED.includes(data.status)
            ? { finishedAt: now }
            : {}),
          ...(data.jobId === undefined ? {} : { jobId: data.jobId }),
          ...(data.leaderboard === undefined ? {} : { leaderboard: data.leaderboard }),
          ...(data.guardrails === undefined ? {} : { guardrails: data.guardrails }),
          ...(data.bestTrial === undefined ? {} : { bestTrial: data.bestTrial }),
          ...(data.modelVersion === undefined ? {} : { modelVersion: data.modelVersion }),
          ...(data.versionId === undefined ? {} : { versionId: data.versionId }),
          ...(data.evaluationId === undefined ? {} : { evaluationId: data.evaluationId }),
          ...(data.explanation === undefined ? {} : { explanation: data.explanation }),
          ...(data.error === undefined ? {} : { error: data.error }),
        },
      });
      return toAutoMlRun(updated);
    }),
  );
}
