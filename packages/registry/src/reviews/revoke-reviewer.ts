import { writeAuditLog } from '../audit/write-audit-log.js';
import { ZActorSchema, ZIdSchema } from '../common.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { parseInput } from '../validate.js';
import { toReviewer } from './review.mappers.js';
import type { Reviewer } from './review.types.js';
import { reviewModelId } from './review-model.js';

/**
 * Revokes a reviewer's token (idempotent: the first revocation's time stays); the claims it holds
 * return to the queue at once. `not_found` for an unknown model or reviewer.
 */
export async function revokeReviewer(
  ctx: RegistryContext,
  projectId: string,
  modelName: string,
  reviewerId: string,
  actor: string = SYSTEM_ACTOR,
): Promise<Reviewer> {
  const id = parseInput(ZIdSchema, reviewerId, 'reviewer id');
  const by = parseInput(ZActorSchema, actor, 'actor');
  return withDbErrors(() =>
    ctx.db.$transaction(async (tx) => {
      const modelId = await reviewModelId(tx, projectId, modelName);
      const found = await tx.reviewer.findFirst({ where: { id, modelId } });
      if (found === null) throw new RegistryError('not_found', `Reviewer ${id} does not exist`);
      if (found.revokedAt !== null) return toReviewer(found, modelName);
      const row = await tx.reviewer.update({ where: { id }, data: { revokedAt: new Date() } });
      await tx.$executeRawUnsafe(
        `UPDATE review_items SET status = 'pending', claimed_by = NULL, lease_until = NULL
          WHERE model_id = $1::uuid AND status = 'claimed' AND claimed_by = $2::uuid`,
        modelId,
        id,
      );
      await writeAuditLog(tx, {
        projectId,
        actor: by,
        action: 'reviewer.revoke',
        entity: 'reviewer',
        entityId: id,
        details: { model: modelName, name: row.name },
      });
      return toReviewer(row, modelName);
    }),
  );
}
