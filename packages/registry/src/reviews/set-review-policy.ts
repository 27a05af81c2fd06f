import { writeAuditLog } from '../audit/write-audit-log.js';
import { ZActorSchema } from '../common.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { parseInput } from '../validate.js';
import { toReviewPolicy } from './review.mappers.js';
import { type TSetReviewPolicySchema, ZSetReviewPolicySchema } from './review.schemas.js';
import type { ReviewPolicy } from './review.types.js';
import { reviewModelId } from './review-model.js';

/**
 * Sets a model's review policy (replacing any before it; audited with its fields): predictions
 * below `threshold` are queued for review from then on. Items already recorded keep the route
 * they were given. `not_found` when the model does not exist.
 */
export async function setPolicy(
  ctx: RegistryContext,
  input: TSetReviewPolicySchema,
  actor: string = SYSTEM_ACTOR,
): Promise<ReviewPolicy> {
  const data = parseInput(ZSetReviewPolicySchema, input, 'review policy');
  const by = parseInput(ZActorSchema, actor, 'actor');
  return withDbErrors(() =>
    ctx.db.$transaction(async (tx) => {
      const modelId = await reviewModelId(tx, data.projectId, data.modelName);
      const fields = {
        projectId: data.projectId,
        threshold: data.threshold,
        doubleReviewFraction: data.doubleReviewFraction,
        auditFraction: data.auditFraction,
        leaseMs: data.leaseMs,
        targetRisk: data.targetRisk ?? null,
        groupFeature: data.groupFeature ?? null,
        updatedBy: by,
        updatedAt: new Date(),
      };
      const row = await tx.reviewPolicy.upsert({
        where: { modelId },
        create: { modelId, ...fields },
        update: fields,
      });
      await writeAuditLog(tx, {
        projectId: data.projectId,
        actor: by,
        action: 'model.review_policy',
        entity: 'model',
        entityId: modelId,
        details: {
          threshold: fields.threshold,
          doubleReviewFraction: fields.doubleReviewFraction,
          auditFraction: fields.auditFraction,
          leaseMs: fields.leaseMs,
          targetRisk: fields.targetRisk,
          groupFeature: fields.groupFeature,
        },
      });
      return toReviewPolicy(row, data.modelName);
    }),
  );
}
