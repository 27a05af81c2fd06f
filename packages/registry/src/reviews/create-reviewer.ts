import { writeAuditLog } from '../audit/write-audit-log.js';
import { ZActorSchema } from '../common.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { parseInput } from '../validate.js';
import { toReviewer } from './review.mappers.js';
import { type TCreateReviewerSchema, ZCreateReviewerSchema } from './review.schemas.js';
import type { Reviewer } from './review.types.js';
import { reviewModelId } from './review-model.js';
import { generateReviewerToken } from './reviewer-token.js';

/**
 * Creates a reviewer of one model's queue and its token. The token is returned here and nowhere
 * else: only its sha256 is stored, and it reaches that model's queue only. `not_found` for an
 * unknown model, `conflict` when the model already has a reviewer of that name.
 */
export async function createReviewer(
  ctx: RegistryContext,
  input: TCreateReviewerSchema,
  actor: string = SYSTEM_ACTOR,
): Promise<{ token: string; reviewer: Reviewer }> {
  const data = parseInput(ZCreateReviewerSchema, input, 'reviewer');
  const by = parseInput(ZActorSchema, actor, 'actor');
  const { token, prefix, hash } = generateReviewerToken();
  const reviewer = await withDbErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        const modelId = await reviewModelId(tx, data.projectId, data.modelName);
        const row = await tx.reviewer.create({
          data: {
            projectId: data.projectId,
            modelId,
            name: data.name,
            prefix,
            tokenHash: hash,
            createdBy: by,
          },
        });
        await writeAuditLog(tx, {
          projectId: data.projectId,
          actor: by,
          action: 'reviewer.create',
          entity: 'reviewer',
          entityId: row.id,
          details: { model: data.modelName, name: data.name, prefix },
        });
        return toReviewer(row, data.modelName);
      }),
    { conflict: `Model "${data.modelName}" already has a reviewer named "${data.name}"` },
  );
  return { token, reviewer };
}
