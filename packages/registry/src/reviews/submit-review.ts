import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { parseInput } from '../validate.js';
import type { ReviewClaimant } from './claim-review-item.js';
import { type ReviewRow, toReview } from './review.mappers.js';
import {
  type TSubmitReviewSchema,
  ZReviewItemIdSchema,
  ZSubmitReviewSchema,
} from './review.schemas.js';
import type { Review } from './review.types.js';

// One statement, hence one transaction and one round trip: lock the item if this reviewer holds
// it under a live lease, insert the review (the model's decision as the label of an `accept`),
// move the item on (done, or back to the queue for its double review; the first label is the
// item's) and write the audit entry. No row: the reviewer does not hold a live claim on it.
const SUBMIT = `WITH item AS (
    SELECT id, project_id, prediction, reviews_needed, reviews_done FROM review_items
     WHERE id = $1::bigint AND model_id = $2::uuid AND status = 'claimed'
       AND claimed_by = $3::uuid AND lease_until > now()
     FOR UPDATE
  ), added AS (
    INSERT INTO reviews (item_id, model_id, reviewer_id, ordinal, decision, label)
    SELECT id, $2::uuid, $3::uuid, reviews_done + 1, $4::text,
           CASE WHEN $4::text = 'accept' THEN prediction ELSE $5::jsonb END
      FROM item
    RETURNING id, item_id AS "itemId", reviewer_id::text AS "reviewerId", ordinal, decision, label, at
  ), moved AS (
    UPDATE review_items t SET reviews_done = a.ordinal,
           status = CASE WHEN a.ordinal >= i.reviews_needed THEN 'done' ELSE 'pending' END,
           claimed_by = NULL, lease_until = NULL, final_label = coalesce(t.final_label, a.label)
      FROM item i, added a WHERE t.id = i.id
  ), audit AS (
    INSERT INTO audit_logs (project_id, actor, action, entity, entity_id, details)
    SELECT i.project_id, $3::text, 'review.submit', 'review_item', i.id::text,
           jsonb_build_object('decision', a.decision, 'ordinal', a.ordinal)
      FROM item i, added a
  )
  SELECT * FROM added`;

/**
 * Stores a reviewer's decision on an item it holds under a live lease: `accept` (the label is the
 * model's decision) or `correct` with the right label. The item then needs its next review (a
 * double review, by another reviewer: it returns to the queue) or is `done`; the first review's
 * label is the item's. Audited with the decision (the actor is the reviewer's id). `not_found`
 * when the item is not in this reviewer's queue; `conflict` when the reviewer does not hold it or
 * its lease has lapsed (claim it again: another reviewer may have it now).
 */
export async function submitReview(
  ctx: RegistryContext,
  reviewer: ReviewClaimant,
  itemId: string,
  input: TSubmitReviewSchema,
): Promise<Review> {
  const id = parseInput(ZReviewItemIdSchema, itemId, 'item id');
  const data = parseInput(ZSubmitReviewSchema, input, 'review');
  return withDbErrors(async () => {
    const [row] = await ctx.db.$queryRawUnsafe<ReviewRow[]>(
      SUBMIT,
      id,
      reviewer.modelId,
      reviewer.id,
      data.decision,
      JSON.stringify(data.label ?? null),
    );
    if (row !== undefined) return toReview(row);
    const [item] = await ctx.db.$queryRawUnsafe<{ status: string }[]>(
      'SELECT status FROM review_items WHERE id = $1::bigint AND model_id = $2::uuid',
      id,
      reviewer.modelId,
    );
    if (item === undefined || item.status === 'automated') {
      throw new RegistryError('not_found', `Review item ${id} is not in this queue`);
    }
    throw new RegistryError(
      'conflict',
      `You do not hold a live claim on item ${id}: claim it (again) before reviewing it`,
    );
  });
}
