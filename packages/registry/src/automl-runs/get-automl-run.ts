import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { toAutoMlRun } from './automl-run.mappers.js';
import type { AutoMlRun } from './automl-run.types.js';

/** The AutoML run with this id in the project, or `null`. */
export async function get(
  ctx: RegistryContext,
  projectId: string,
  id: string,
): Promise<AutoMlRun | null> {
  if (!ZIdSchema.safeParse(projectId).success || !ZIdSchema.safeParse(id).success) return null;
  const row = await withDbErrors(() => ctx.db.autoMlRun.findFirst({ where: { id, projectId } }));
  return row === null ? null : toAutoMlRun(row);
}
