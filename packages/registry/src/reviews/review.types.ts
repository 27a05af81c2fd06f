import { z } from 'zod';
import type { Check, Same } from '../common.js';
import {
  type REVIEW_DECISIONS,
  type REVIEW_ITEM_STATUSES,
  ZReviewDecisionSchema,
  ZReviewItemStatusSchema,
  ZReviewLabelSchema,
} from './review.schemas.js';

// Domain types (plain objects, ISO-8601 dates, never Prisma types) and their response schemas,
// checked equal at compile time.

export type ReviewItemStatus = (typeof REVIEW_ITEM_STATUSES)[number];
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
/** A class label: a number or a string. */
export type ReviewLabel = number | string;
/** A predicted row's features by name. */
export type ReviewFeatures = Record<string, number | string>;

/** A model's review policy. */
export interface ReviewPolicy {
  modelName: string;
  modelId: string;
  threshold: number;
  doubleReviewFraction: number;
  auditFraction: number;
  leaseMs: number;
  targetRisk: number | null;
  groupFeature: string | null;
  updatedBy: string;
  updatedAt: string;
}

/** A reviewer of one model's queue (the token itself is shown once, at creation). */
export interface Reviewer {
  id: string;
  modelName: string;
  name: string;
  /** The token's first characters, to tell tokens apart. */
  prefix: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
}

/** Who a valid reviewer token belongs to. */
export interface AuthenticatedReviewer {
  id: string;
  projectId: string;
  projectName: string;
  modelId: string;
  modelName: string;
  name: string;
}

/** One predicted row: automated, or in the review queue. */
export interface ReviewItem {
  id: string;
  version: number;
  requestId: string;
  rowIndex: number;
  features: ReviewFeatures;
  prediction: ReviewLabel;
  confidence: number;
  status: ReviewItemStatus;
  reviewsNeeded: number;
  reviewsDone: number;
  audit: boolean;
  claimedBy: string | null;
  leaseUntil: string | null;
  finalLabel: ReviewLabel | null;
  createdAt: string;
}

/** One row to record, as the API's buffered writer sends it (checked without zod: hot path). */
export interface ReviewItemInput {
  projectId: string;
  modelId: string;
  version: number;
  requestId: string;
  rowIndex: number;
  features: ReviewFeatures;
  prediction: ReviewLabel;
  confidence: number;
  status: 'automated' | 'pending';
  /** 0 for an automated item; 1, or 2 for a double review. */
  reviewsNeeded: number;
  audit: boolean;
}

/** One reviewer's decision on an item. */
export interface Review {
  id: string;
  itemId: string;
  reviewerId: string;
  /** 1: the item's first review; 2: its double review. */
  ordinal: number;
  decision: ReviewDecision;
  label: ReviewLabel;
  at: string;
}

/** How many items of a model's queue are in each state. */
export interface ReviewQueueCounts {
  automated: number;
  pending: number;
  claimed: number;
  done: number;
}

/** An item as the report reads it: its score, decision, features and the reviewers' labels. */
export interface ReviewReportItem {
  confidence: number;
  prediction: ReviewLabel;
  automated: boolean;
  audit: boolean;
  features: ReviewFeatures;
  /** The reviewers' labels in review order (empty while unreviewed). */
  labels: ReviewLabel[];
}

const ZFeaturesSchema = z.record(z.string(), z.union([z.number(), z.string()]));

export const ZReviewPolicySchema = z
  .object({
    modelName: z.string(),
    modelId: z.string(),
    threshold: z.number(),
    doubleReviewFraction: z.number(),
    auditFraction: z.number(),
    leaseMs: z.number().int(),
    targetRisk: z.number().nullable(),
    groupFeature: z.string().nullable(),
    updatedBy: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ReviewPolicy' });

export const ZReviewerSchema = z
  .object({
    id: z.string(),
    modelName: z.string(),
    name: z.string(),
    prefix: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'Reviewer' });

export const ZReviewItemSchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    requestId: z.string(),
    rowIndex: z.number().int(),
    features: ZFeaturesSchema,
    prediction: ZReviewLabelSchema,
    confidence: z.number(),
    status: ZReviewItemStatusSchema,
    reviewsNeeded: z.number().int(),
    reviewsDone: z.number().int(),
    audit: z.boolean(),
    claimedBy: z.string().nullable(),
    leaseUntil: z.string().nullable(),
    finalLabel: ZReviewLabelSchema.nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'ReviewItem' });

export const ZReviewSchema = z
  .object({
    id: z.string(),
    itemId: z.string(),
    reviewerId: z.string(),
    ordinal: z.number().int(),
    decision: ZReviewDecisionSchema,
    label: ZReviewLabelSchema,
    at: z.string(),
  })
  .meta({ id: 'Review' });

export const ZReviewQueueCountsSchema = z
  .object({
    automated: z.number().int(),
    pending: z.number().int(),
    claimed: z.number().int(),
    done: z.number().int(),
  })
  .meta({ id: 'ReviewQueueCounts' });

type _ShapeChecks = [
  Check<Same<z.output<typeof ZReviewPolicySchema>, ReviewPolicy>>,
  Check<Same<z.output<typeof ZReviewerSchema>, Reviewer>>,
  Check<Same<z.output<typeof ZReviewItemSchema>, ReviewItem>>,
  Check<Same<z.output<typeof ZReviewSchema>, Review>>,
  Check<Same<z.output<typeof ZReviewQueueCountsSchema>, ReviewQueueCounts>>,
];
