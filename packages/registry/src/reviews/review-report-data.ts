import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { parseInput } from '../validate.js';
import { type TReviewReportDataSchema, ZReviewReportDataSchema } from './review.schemas.js';
import type { ReviewFeatures, ReviewLabel, ReviewReportItem } from './review.types.js';
import { reviewModelId } from './review-model.js';

interface Row {
  confidence: number;
  prediction: ReviewLabel;
  status: string;
  audit: boolean;
  features: ReviewFeatures;
  labels: ReviewLabel[] | null;
}

/**
 * What a review report reads: the model's most recent items (`limit`, default 200 000), each with
 * its confidence, decision, features and its reviewers' labels in review order. `not_found` for an
 * unknown model.
 */
export async function reportData(
  ctx: RegistryContext,
  projectId: string,
  modelName: string,
  options: TReviewReportDataSchema = {},
): Promise<ReviewReportItem[]> {
  const { limit = 200_000 } = parseInput(ZReviewReportDataSchema, options, 'report options');
  return withDbErrors(async () => {
    const modelId = await reviewModelId(ctx.db, projectId, modelName);
    const rows = await ctx.db.$queryRawUnsafe<Row[]>(
      `SELECT i.confidence, i.prediction, i.status, i.audit, i.features,
              (SELECT jsonb_agg(r.label ORDER BY r.ordinal) FROM reviews r WHERE r.item_id = i.id) AS labels
         FROM (SELECT * FROM review_items WHERE model_id = $1::uuid ORDER BY id DESC LIMIT $2::int) i
        ORDER BY i.id`,
      modelId,
      limit,
    );
    return rows.map((r) => ({
      confidence: r.confidence,
      prediction: r.prediction,
      automated: r.status === 'automated',
      audit: r.audit,
      features: r.features,
      labels: r.labels ?? [],
    }));
  });
}
