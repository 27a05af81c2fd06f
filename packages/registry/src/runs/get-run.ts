import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { toRun } from './run.mappers.js';
import type { Run } from './run.types.js';

/** The run with this id, or `null`. */
export async function get(ctx: RegistryContext, id: string): Promise<Run | null> {
  if (!ZIdSchema.safeParse(id).success) return null;
  const row = await withDbErrors(() =>
    ctx.db.run.findUnique({
      where: { id },
      include: { experiment: { select: { projectId: true } } },
    }),
  );
  return row === null ? null : toRun(row, row.experiment.projectId);
}
