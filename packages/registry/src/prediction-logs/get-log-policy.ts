import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { ZModelNameSchema } from '../models/model.schemas.js';
import type { LogPolicy } from './prediction-log.types.js';

/** A model's prediction-log policy, or `null` when the model does not exist. */
export async function getPolicy(
  ctx: RegistryContext,
  projectId: string,
  modelName: string,
): Promise<LogPolicy | null> {
  if (!ZIdSchema.safeParse(projectId).success || !ZModelNameSchema.safeParse(modelName).success)
    return null;
  const row = await withDbErrors(() =>
    ctx.db.registeredModel.findUnique({
      where: { projectId_name: { projectId, name: modelName } },
      select: { logInputs: true },
    }),
  );
  return row === null ? null : { modelName, logInputs: row.logInputs };
}
