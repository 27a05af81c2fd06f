import { z } from 'zod';
import { ZIdSchema, ZNameSchema } from '../common.js';
import { ZModelNameSchema } from '../models/model.schemas.js';

/** Where a review item stands: automated, waiting in the queue, claimed under a lease, reviewed. */
export const REVIEW_ITEM_STATUSES = ['automated', 'pending', 'claimed', 'done'] as const;
/** What a reviewer did: accepted the model's decision, or corrected it with another label. */
export const REVIEW_DECISIONS = ['accept', 'correct'] as const;

export const ZReviewItemStatusSchema = z.enum(REVIEW_ITEM_STATUSES);
export const ZReviewDecisionSchema = z.enum(REVIEW_DECISIONS);

/** Most rows one `record` call takes (the API's writer flushes far fewer). */
export const MAX_REVIEW_ITEM_BATCH = 50_000;
/** Longest and shortest claim lease (ms). */
export const MIN_REVIEW_LEASE_MS = 1_000;
export const MAX_REVIEW_LEASE_MS = 24 * 3_600_000;
/** The lease of a claim when the policy names none: 10 minutes. */
export const DEFAULT_REVIEW_LEASE_MS = 600_000;

const ZFractionSchema = (what: string) =>
  z
    .number(`${what} must be a number`)
    .min(0, `${what} must be at least 0`)
    .max(1, `${what} must be at most 1`);

/** A class label as a reviewer gives it: a finite number or a string of 1–256 characters. */
export const ZReviewLabelSchema = z.union([
  z.number().refine(Number.isFinite, 'a label must be a finite number or a string'),
  z.string().min(1, 'a label must not be empty').max(256, 'a label must be at most 256 characters'),
]);

/** The review policy's fields, as an editor sets them. */
export const ZReviewPolicyFieldsSchema = z.strictObject({
  threshold: ZFractionSchema('threshold').describe(
    'Predictions whose confidence is below this enter the review queue (max class probability; for a binary model the margin |2p − 1|)',
  ),
  doubleReviewFraction: ZFractionSchema('doubleReviewFraction')
    .default(0)
    .describe('Fraction of queued items sampled for a second review by a different reviewer'),
  auditFraction: ZFractionSchema('auditFraction')
    .default(0)
    .describe(
      'Fraction of automated predictions also queued, so the risk above the threshold is measured',
    ),
  leaseMs: z
    .number('leaseMs must be a number')
    .int('leaseMs must be an integer')
    .min(MIN_REVIEW_LEASE_MS, `leaseMs must be at least ${MIN_REVIEW_LEASE_MS}`)
    .max(MAX_REVIEW_LEASE_MS, `leaseMs must be at most ${MAX_REVIEW_LEASE_MS}`)
    .default(DEFAULT_REVIEW_LEASE_MS)
    .describe('How long a claim holds an item before it returns to the queue'),
  targetRisk: ZFractionSchema('targetRisk')
    .optional()
    .describe('The risk rate (wrong among automated) the report finds a threshold for'),
  groupFeature: z
    .string()
    .min(1)
    .max(256)
    .optional()
    .describe('A feature whose values define the groups of the latent-bias check'),
});

export const ZSetReviewPolicySchema = ZReviewPolicyFieldsSchema.extend({
  projectId: ZIdSchema,
  modelName: ZModelNameSchema,
});

export const ZCreateReviewerSchema = z.strictObject({
  projectId: ZIdSchema,
  modelName: ZModelNameSchema,
  name: ZNameSchema.describe('Who reviews (unique per model), e.g. alice'),
});

export const ZListReviewItemsSchema = z.strictObject({
  status: ZReviewItemStatusSchema.optional(),
  /** Items with an id above this (the previous page's last). */
  after: z
    .string()
    .regex(/^[0-9]{1,18}$/, 'after must be an item id')
    .optional(),
  limit: z.number().int().min(1).max(500).optional(),
});

/** A review item's id: a positive decimal integer. */
export const ZReviewItemIdSchema = z
  .string('item id must be a string')
  .regex(/^[1-9][0-9]{0,17}$/, 'item id must be a positive integer');

export const ZSubmitReviewSchema = z
  .strictObject({
    decision: ZReviewDecisionSchema.describe(
      "accept: the model's decision is right; correct: it is wrong, and label is the right one",
    ),
    label: ZReviewLabelSchema.optional().describe('The right label (correct only)'),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'correct' && v.label === undefined) {
      ctx.addIssue({ code: 'custom', path: ['label'], message: 'a correction needs a label' });
    }
  });

export const ZReviewReportDataSchema = z.strictObject({
  /** Most recent items read (the report's sample). @default 200000 */
  limit: z.number().int().min(1).max(1_000_000).optional(),
});

export type TSetReviewPolicySchema = z.input<typeof ZSetReviewPolicySchema>;
export type TCreateReviewerSchema = z.infer<typeof ZCreateReviewerSchema>;
export type TListReviewItemsSchema = z.infer<typeof ZListReviewItemsSchema>;
export type TSubmitReviewSchema = z.infer<typeof ZSubmitReviewSchema>;
export type TReviewReportDataSchema = z.infer<typeof ZReviewReportDataSchema>;
