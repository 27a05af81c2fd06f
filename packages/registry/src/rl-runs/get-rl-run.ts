import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { toRlRun } from './rl-run.mappers.js';
import type { RlRun } from './rl-run.types.js';

/** The RL run with this id in the project, or `null`. */
export async function get(
  ctx: RegistryContext,
  projectId: string,
  id: string,
): Promise<RlRun | null> {
  if (!ZIdSchema.safeParse(projectId).success || !ZIdSchema.safeParse(id).success) return null;
  const row = await withDbErrors(() => ctx.db.rlRun.findFirst({ where: { id, projectId } }));
  return row === null ? null : toRlRun(row);
}
