import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { ZModelNameSchema } from '../models/model.schemas.js';
import { toReviewPolicy } from './review.mappers.js';
import type { ReviewPolicy } from './review.types.js';

/** A model's review policy; `null` when the model has none (or does not exist). */
export async function getPolicy(
  ctx: RegistryContext,
  projectId: string,
  modelName: string,
): Promise<ReviewPolicy | null> {
  if (!ZIdSchema.safeParse(projectId).success || !ZModelNameSchema.safeParse(modelName).success)
    return null;
  return withDbErrors(async () => {
    const model = await ctx.db.registeredModel.findUnique({
      where: { projectId_name: { projectId, name: modelName } },
      select: { id: true },
    });
    if (model === null) return null;
    const row = await ctx.db.reviewPolicy.findUnique({ where: { modelId: model.id } });
    return row === null ? null : toReviewPolicy(row, modelName);
  });
}
