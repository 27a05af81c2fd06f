import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { toReviewer } from './review.mappers.js';
import type { Reviewer } from './review.types.js';
import { reviewModelId } from './review-model.js';

/** A model's reviewers (revoked ones too), oldest first. `not_found` for an unknown model. */
export async function listReviewers(
  ctx: RegistryContext,
  projectId: string,
  modelName: string,
): Promise<Reviewer[]> {
  return withDbErrors(async () => {
    const modelId = await reviewModelId(ctx.db, projectId, modelName);
    const rows = await ctx.db.reviewer.findMany({ where: { modelId }, orderBy: { id: 'asc' } });
    return rows.map((r) => toReviewer(r, modelName));
  });
}
