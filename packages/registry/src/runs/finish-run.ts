import { writeAuditLog } from '../audit/write-audit-log.js';
import { ZActorSchema, ZIdSchema } from '../common.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { parseInput } from '../validate.js';
import { toRun } from './run.mappers.js';
import { type TFinishRunSchema, ZFinishRunSchema } from './run.schemas.js';
import type { Run } from './run.types.js';

/** Ends a running run with a final status (`conflict` if it has already ended). */
export async function finish(
  ctx: RegistryContext,
  id: string,
  input: TFinishRunSchema,
  actor: string = SYSTEM_ACTOR,
): Promise<Run> {
  const data = parseInput(ZFinishRunSchema, input, 'run end');
  const by = parseInput(ZActorSchema, actor, 'actor');
  if (!ZIdSchema.safeParse(id).success)
    throw new RegistryError('not_found', `Run ${id} does not exist`);
  return withDbErrors(() =>
    ctx.db.$transaction(async (tx) => {
      const ended = await tx.run.updateMany({
        where: { id, status: 'running' },
        data: { status: data.status, endedAt: new Date() },
      });
      const row = await tx.run.findUnique({
        where: { id },
        include: { experiment: { select: { projectId: true } } },
      });
      if (row === null) throw new RegistryError('not_found', `Run ${id} does not exist`);
      if (ended.count === 0)
        throw new RegistryError('conflict', `Run ${id} has already ended (${row.status})`);
      await writeAuditLog(tx, {
        projectId: row.experiment.projectId,
        actor: by,
        action: 'run.finish',
        entity: 'run',
        entityId: id,
        details: { status: data.status },
      });
      return toRun(row, row.experiment.projectId);
    }),
  );
}
