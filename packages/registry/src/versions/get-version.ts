import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { ZModelNameSchema } from '../models/model.schemas.js';
import { toModelVersion } from './version.mappers.js';
import { ZVersionNumberSchema } from './version.schemas.js';
import type { ModelVersion } from './version.types.js';

/** Version `number` of a model, or `null` if the model or the version does not exist. */
export async function get(
  ctx: RegistryContext,
  projectId: string,
  modelName: string,
  number: number,
): Promise<ModelVersion | null> {
  if (
    !ZIdSchema.safeParse(projectId).success ||
    !ZModelNameSchema.safeParse(modelName).success ||
    !ZVersionNumberSchema.safeParse(number).success
  ) {
    return null;
  }
  const row = await withDbErrors(() =>
    ctx.db.modelVersion.findFirst({
      where: { number, model: { projectId, name: modelName } },
      include: { model: { select: { projectId: true, name: true } } },
    }),
  );
  return row === null ? null : toModelVersion(row, row.model);
}
