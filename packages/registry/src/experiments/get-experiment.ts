import { ZIdSchema, ZNameSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { toExperiment } from './experiment.mappers.js';
import type { Experiment } from './experiment.types.js';

/** The experiment with this name in the project, or `null`. */
export async function get(
  ctx: RegistryContext,
  projectId: string,
  name: string,
): Promise<Experiment | null> {
  if (!ZIdSchema.safeParse(projectId).success || !ZNameSchema.safeParse(name).success) return null;
  const row = await withDbErrors(() =>
    ctx.db.experiment.findUnique({ where: { projectId_name: { projectId, name } } }),
  );
  return row === null ? null : toExperiment(row);
}
