import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { parseInput } from '../validate.js';
import { ITEM_COLUMNS, itemColumns, type ReviewItemRow, toReviewItem } from './review.mappers.js';
import { DEFAULT_REVIEW_LEASE_MS, ZReviewItemIdSchema } from './review.schemas.js';
import type { ReviewItem } from './review.types.js';

/** The claimant: a reviewer of one model's queue. */
export interface ReviewClaimant {
  id: string;
  modelId: string;
}

// The lease of the model's policy (the database's clock), or the default without a policy.
const LEASE = `now() + coalesce((SELECT lease_ms FROM review_policies WHERE model_id = $1::uuid), ${DEFAULT_REVIEW_LEASE_MS}) * interval '1 millisecond'`;

// An item this reviewer has not reviewed yet (a double review goes to a different reviewer).
const NOT_REVIEWED_BY_ME = `NOT EXISTS (SELECT 1 FROM reviews r WHERE r.item_id = i.id AND r.reviewer_id = $2::uuid)`;

// Takes the first candidate row this statement can lock: SKIP LOCKED makes concurrent claimers
// pass over each other's candidates instead of queueing behind them, and the row's status is
// re-checked on its latest version once locked (READ COMMITTED), so a row another claimer took
// and committed meanwhile no longer qualifies: no item goes to two reviewers.
const claimFrom = (where: string) => `WITH candidate AS (
    SELECT i.id FROM review_items i
     WHERE i.model_id = $1::uuid AND ${where} AND ${NOT_REVIEWED_BY_ME}
     ORDER BY i.id LIMIT 1
     FOR UPDATE SKIP LOCKED
  )
  UPDATE review_items AS t SET status = 'claimed', claimed_by = $2::uuid, lease_until = ${LEASE}
    FROM candidate c WHERE t.id = c.id
  RETURNING ${itemColumns('t.')}`;

// The reviewer's own claim first (claiming again, as a reload of the page does, gives the same
// item, its lease kept while it is live), then lapsed claims (their reviewers vanished), oldest
// first: claimed rows are few (one per active reviewer, and the lapsed), so their sort is cheap.
const CLAIM_HELD_OR_LAPSED = `WITH candidate AS (
    SELECT i.id FROM review_items i
     WHERE i.model_id = $1::uuid AND i.status = 'claimed'
       AND (i.claimed_by = $2::uuid OR i.lease_until < now()) AND ${NOT_REVIEWED_BY_ME}
     ORDER BY (i.claimed_by = $2::uuid AND i.lease_until > now()) DESC, i.id LIMIT 1
     FOR UPDATE SKIP LOCKED
  )
  UPDATE review_items AS t SET claimed_by = $2::uuid,
         lease_until = CASE WHEN t.claimed_by = $2::uuid AND t.lease_until > now() THEN t.lease_until ELSE ${LEASE} END
    FROM candidate c WHERE t.id = c.id
  RETURNING ${itemColumns('t.')}`;

// Then the oldest pending item, served in id order by the (model_id, status, id) index: one
// statement over both states would sort the whole queue on every claim.
const CLAIM_PENDING = claimFrom(`i.status = 'pending'`);

// A named item: waits for its row lock, then the lease is checked on the latest row version. It
// is given only when it is pending, its claim lapsed, or this reviewer holds it already (renewed).
const CLAIM_ONE = `UPDATE review_items AS i SET status = 'claimed', claimed_by = $2::uuid, lease_until = ${LEASE}
  WHERE i.id = $3::bigint AND i.model_id = $1::uuid
    AND (i.status = 'pending' OR (i.status = 'claimed' AND (i.lease_until < now() OR i.claimed_by = $2::uuid)))
    AND ${NOT_REVIEWED_BY_ME}
  RETURNING ${ITEM_COLUMNS}`;

/**
 * Claims a review item for a reviewer, under the lease of the model's review policy (the
 * database's clock). Without `itemId`: the reviewer's own live claim if it holds one, else the
 * oldest lapsed claim, else the oldest pending item — never one it reviewed before (the second
 * review of an item goes to a different reviewer); `null` when the queue has nothing for it.
 * Concurrent claimers never get the same item (`FOR UPDATE SKIP LOCKED`).
 * With `itemId`: that item, when it is pending, its lease lapsed, or the reviewer holds it (the
 * lease is renewed); `not_found` when it is not in this model's queue, `conflict` when another
 * reviewer's lease holds it, it is reviewed, or this reviewer reviewed it already.
 */
export async function claim(
  ctx: RegistryContext,
  reviewer: ReviewClaimant,
  options: { itemId?: string } = {},
): Promise<ReviewItem | null> {
  const itemId =
    options.itemId === undefined
      ? undefined
      : parseInput(ZReviewItemIdSchema, options.itemId, 'item id');
  return withDbErrors(async () => {
    const q = <T>(sql: string, ...values: unknown[]) => ctx.db.$queryRawUnsafe<T[]>(sql, ...values);
    if (itemId !== undefined) {
      const [row] = await q<ReviewItemRow>(CLAIM_ONE, reviewer.modelId, reviewer.id, itemId);
      if (row !== undefined) return toReviewItem(row);
      throw await whyNot(q, reviewer, itemId);
    }
    for (const sql of [CLAIM_HELD_OR_LAPSED, CLAIM_PENDING]) {
      const [row] = await q<ReviewItemRow>(sql, reviewer.modelId, reviewer.id);
      if (row !== undefined) return toReviewItem(row);
    }
    return null;
  });
}

/** Why a named item could not be claimed. */
async function whyNot(
  q: <T>(sql: string, ...values: unknown[]) => Promise<T[]>,
  reviewer: ReviewClaimant,
  itemId: string,
): Promise<RegistryError> {
  const [item] = await q<{ status: string; mine: boolean; leased: boolean }>(
    `SELECT status, EXISTS (SELECT 1 FROM reviews r WHERE r.item_id = i.id AND r.reviewer_id = $3::uuid) AS mine,
            coalesce(lease_until > now(), false) AS leased
       FROM review_items i WHERE id = $1::bigint AND model_id = $2::uuid`,
    itemId,
    reviewer.modelId,
    reviewer.id,
  );
  if (item === undefined || item.status === 'automated') {
    return new RegistryError('not_found', `Review item ${itemId} is not in this queue`);
  }
  if (item.mine) return new RegistryError('conflict', `You already reviewed item ${itemId}`);
  if (item.status === 'done') return new RegistryError('conflict', `Item ${itemId} is reviewed`);
  return new RegistryError(
    'conflict',
    `Item ${itemId} is claimed by another reviewer; it returns to the queue when that claim's lease lapses`,
  );
}
