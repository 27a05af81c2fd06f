import { writeAuditLog } from '../audit/write-audit-log.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { parseInput } from '../validate.js';
import type { ReviewClaimant } from './claim-review-item.js';
import { toReview } from './review.mappers.js';
import {
  type TSubmitReviewSchema,
  ZReviewItemIdSchema,
  ZSubmitReviewSchema,
} from './review.schemas.js';
import type { Review } from './review.types.js';

interface LockedItem {
  projectId: string;
  status: string;
  claimedBy: string | null;
  live: boolean;
  prediction: unknown;
  reviewsNeeded: number;
  reviewsDone: number;
}

/**
 * Stores a reviewer's decision on an item it holds under a live lease: `accept` (the label is the
 * model's decision) or `correct` with the right label. The item then needs its next review (a
 * double review, by another reviewer: it returns to the queue) or is `done`; the first review's
 * label is the item's. `not_found` when the item is not in this reviewer's queue; `conflict` when
 * the reviewer does not hold it or its lease has lapsed (claim it again: another reviewer may have
 * it now).
 */
export async function submitReview(
  ctx: RegistryContext,
  reviewer: ReviewClaimant,
  itemId: string,
  input: TSubmitReviewSchema,
): Promise<Review> {
  const id = parseInput(ZReviewItemIdSchema, itemId, 'item id');
  const data = parseInput(ZSubmitReviewSchema, input, 'review');
  return withDbErrors(() =>
    ctx.db.$transaction(async (tx) => {
      const [item] = await tx.$queryRawUnsafe<LockedItem[]>(
        `SELECT project_id::text AS "projectId", status, claimed_by::text AS "claimedBy",
                coalesce(lease_until > now(), false) AS live, prediction,
                reviews_needed AS "reviewsNeeded", reviews_done AS "reviewsDone"
           FROM review_items WHERE id = $1::bigint AND model_id = $2::uuid FOR UPDATE`,
        id,
        reviewer.modelId,
      );
      if (item === undefined || item.status === 'automated') {
        throw new RegistryError('not_found', `Review item ${id} is not in this queue`);
      }
      if (item.status !== 'claimed' || item.claimedBy !== reviewer.id || !item.live) {
        throw new RegistryError(
          'conflict',
          `You do not hold a live claim on item ${id}: claim it (again) before reviewing it`,
        );
      }
      const label = data.decision === 'accept' ? item.prediction : (data.label as unknown);
      const ordinal = item.reviewsDone + 1;
      const row = await tx.review.create({
        data: {
          itemId: BigInt(id),
          modelId: reviewer.modelId,
          reviewerId: reviewer.id,
          ordinal,
          decision: data.decision,
          label: label as string | number,
        },
      });
      const finished = ordinal >= item.reviewsNeeded;
      await tx.$executeRawUnsafe(
        `UPDATE review_items SET reviews_done = $2::int, status = $3::text, claimed_by = NULL,
                lease_until = NULL, final_label = coalesce(final_label, $4::jsonb)
          WHERE id = $1::bigint`,
        id,
        ordinal,
        finished ? 'done' : 'pending',
        JSON.stringify(label),
      );
      await writeAuditLog(tx, {
        projectId: item.projectId,
        actor: reviewer.id,
        action: 'review.submit',
        entity: 'review_item',
        entityId: id,
        details: { decision: data.decision, ordinal },
      });
      return toReview(row);
    }),
  );
}
