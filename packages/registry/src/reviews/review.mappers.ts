import type {
  Review,
  ReviewDecision,
  Reviewer,
  ReviewFeatures,
  ReviewItem,
  ReviewItemStatus,
  ReviewLabel,
  ReviewPolicy,
} from './review.types.js';

/** The columns of `review_items` as raw statements select them (camel-cased, id as text). */
export const itemColumns = (
  t = '',
) => `${t}id::text AS id, ${t}version, ${t}request_id AS "requestId",
  ${t}row_index AS "rowIndex", ${t}features, ${t}prediction, ${t}confidence, ${t}status,
  ${t}reviews_needed AS "reviewsNeeded", ${t}reviews_done AS "reviewsDone", ${t}audit,
  ${t}claimed_by::text AS "claimedBy", ${t}lease_until AS "leaseUntil",
  ${t}final_label AS "finalLabel", ${t}created_at AS "createdAt"`;

export const ITEM_COLUMNS = itemColumns();

export interface ReviewItemRow {
  id: string;
  version: number;
  requestId: string;
  rowIndex: number;
  features: unknown;
  prediction: unknown;
  confidence: number;
  status: string;
  reviewsNeeded: number;
  reviewsDone: number;
  audit: boolean;
  claimedBy: string | null;
  leaseUntil: Date | null;
  finalLabel: unknown;
  createdAt: Date;
}

export function toReviewItem(row: ReviewItemRow): ReviewItem {
  return {
    id: row.id,
    version: row.version,
    requestId: row.requestId,
    rowIndex: row.rowIndex,
    features: row.features as ReviewFeatures,
    prediction: row.prediction as ReviewLabel,
    confidence: row.confidence,
    status: row.status as ReviewItemStatus,
    reviewsNeeded: row.reviewsNeeded,
    reviewsDone: row.reviewsDone,
    audit: row.audit,
    claimedBy: row.claimedBy,
    leaseUntil: row.leaseUntil === null ? null : new Date(row.leaseUntil).toISOString(),
    finalLabel: (row.finalLabel ?? null) as ReviewLabel | null,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

export interface ReviewPolicyRow {
  modelId: string;
  threshold: number;
  doubleReviewFraction: number;
  auditFraction: number;
  leaseMs: number;
  targetRisk: number | null;
  groupFeature: string | null;
  updatedBy: string;
  updatedAt: Date;
}

export function toReviewPolicy(row: ReviewPolicyRow, modelName: string): ReviewPolicy {
  return {
    modelName,
    modelId: row.modelId,
    threshold: row.threshold,
    doubleReviewFraction: row.doubleReviewFraction,
    auditFraction: row.auditFraction,
    leaseMs: row.leaseMs,
    targetRisk: row.targetRisk,
    groupFeature: row.groupFeature,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export interface ReviewerRow {
  id: string;
  name: string;
  prefix: string;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export function toReviewer(row: ReviewerRow, modelName: string): Reviewer {
  return {
    id: row.id,
    modelName,
    name: row.name,
    prefix: row.prefix,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export interface ReviewRow {
  id: bigint | string;
  itemId: bigint | string;
  reviewerId: string;
  ordinal: number;
  decision: string;
  label: unknown;
  at: Date;
}

export function toReview(row: ReviewRow): Review {
  return {
    id: row.id.toString(),
    itemId: row.itemId.toString(),
    reviewerId: row.reviewerId,
    ordinal: row.ordinal,
    decision: row.decision as ReviewDecision,
    label: row.label as ReviewLabel,
    at: new Date(row.at).toISOString(),
  };
}
