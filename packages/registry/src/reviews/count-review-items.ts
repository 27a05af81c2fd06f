import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import type { ReviewQueueCounts } from './review.types.js';
import { reviewModelId } from './review-model.js';

/**
 * How many of a model's items are automated, pending, claimed or done. A claim whose lease has
 * lapsed counts as pending: it is back in the queue. `not_found` for an unknown model.
 */
export async function counts(
  ctx: RegistryContext,
  projectId: string,
  modelName: string,
): Promise<ReviewQueueCounts> {
  return withDbErrors(async () => {
    const modelId = await reviewModelId(ctx.db, projectId, modelName);
    const rows = await ctx.db.$queryRawUnsafe<{ state: string; n: number }[]>(
      `SELECT CASE WHEN status = 'claimed' AND lease_until < now() THEN 'pending' ELSE status END AS state,
              count(*)::int AS n
         FROM review_items WHERE model_id = $1::uuid GROUP BY 1`,
      modelId,
    );
    const out: ReviewQueueCounts = { automated: 0, pending: 0, claimed: 0, done: 0 };
    for (const r of rows) if (r.state in out) out[r.state as keyof ReviewQueueCounts] = r.n;
    return out;
  });
}
