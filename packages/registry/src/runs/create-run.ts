import { writeAuditLog } from '../audit/write-audit-log.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { parseInput } from '../validate.js';
import { toRun } from './run.mappers.js';
import { type TCreateRunSchema, ZCreateRunSchema } from './run.schemas.js';
import type { Run } from './run.types.js';

/** Starts a run (status `running`) in an experiment, optionally nested under a parent run. */
export async function create(ctx: RegistryContext, input: TCreateRunSchema): Promise<Run> {
  const data = parseInput(ZCreateRunSchema, input, 'run');
  return withDbErrors(() =>
    ctx.db.$transaction(async (tx) => {
      const experiment = await tx.experiment.findUnique({
        where: { id: data.experimentId },
        select: { id: true, projectId: true },
      });
      if (experiment === null)
        throw new RegistryError('not_found', `Experiment ${data.experimentId} does not exist`);
      if (data.parentRunId !== undefined) {
        const parent = await tx.run.findUnique({
          where: { id: data.parentRunId },
          select: { experimentId: true },
        });
        if (parent === null)
          throw new RegistryError('not_found', `Parent run ${data.parentRunId} does not exist`);
        if (parent.experimentId !== experiment.id) {
          throw new RegistryError('invalid', 'A parent run must belong to the same experiment');
        }
      }
      const row = await tx.run.create({
        data: {
          experimentId: experiment.id,
          parentRunId: data.parentRunId ?? null,
          name: data.name ?? null,
          params: data.params ?? {},
          tags: data.tags ?? {},
          createdBy: data.createdBy ?? null,
        },
      });
      await writeAuditLog(tx, {
        projectId: experiment.projectId,
        actor: data.createdBy ?? SYSTEM_ACTOR,
        action: 'run.create',
        entity: 'run',
        entityId: row.id,
        details: { experimentId: experiment.id, parentRunId: row.parentRunId },
      });
      return toRun(row, experiment.projectId);
    }),
  );
}
