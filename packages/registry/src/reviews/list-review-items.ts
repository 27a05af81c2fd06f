import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { parseInput } from '../validate.js';
import { ITEM_COLUMNS, type ReviewItemRow, toReviewItem } from './review.mappers.js';
import { type TListReviewItemsSchema, ZListReviewItemsSchema } from './review.schemas.js';
import type { ReviewItem } from './review.types.js';
import { reviewModelId } from './review-model.js';

/**
 * A page of a model's review items in id order (oldest first), of one `status` if given, after the
 * item `after`; `next` is the last item's id when more may follow. `not_found` for an unknown
 * model.
 */
export async function listItems(
  ctx: RegistryContext,
  projectId: string,
  modelName: string,
  options: TListReviewItemsSchema = {},
): Promise<{ items: ReviewItem[]; next: string | null }> {
  const { status, after, limit = 50 } = parseInput(ZListReviewItemsSchema, options, 'list options');
  return withDbErrors(async () => {
    const modelId = await reviewModelId(ctx.db, projectId, modelName);
    const rows = await ctx.db.$queryRawUnsafe<ReviewItemRow[]>(
      `SELECT ${ITEM_COLUMNS} FROM review_items
        WHERE model_id = $1::uuid AND ($2::text IS NULL OR status = $2::text)
          AND id > $3::bigint
        ORDER BY review_items.id LIMIT $4::int`,
      modelId,
      status ?? null,
      after ?? '0',
      limit,
    );
    const items = rows.map(toReviewItem);
    const last = items.at(-1);
    return { items, next: items.length === limit && last !== undefined ? last.id : null };
  });
}
