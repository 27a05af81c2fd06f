import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { toRegisteredModel } from './model.mappers.js';
import { ZModelNameSchema } from './model.schemas.js';
import type { RegisteredModel } from './model.types.js';

/** The model with this name in the project, or `null`. */
export async function get(
  ctx: RegistryContext,
  projectId: string,
  name: string,
): Promise<RegisteredModel | null> {
  if (!ZIdSchema.safeParse(projectId).success || !ZModelNameSchema.safeParse(name).success)
    return null;
  const row = await withDbErrors(() =>
    ctx.db.registeredModel.findUnique({ where: { projectId_name: { projectId, name } } }),
  );
  return row === null ? null : toRegisteredModel(row);
}
