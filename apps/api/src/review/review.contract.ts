import {
  integerParam,
  MAX_REVIEW_ITEM_BATCH,
  ZIdSchema,
  ZModelNameSchema,
  ZNameSchema,
  ZProjectNameSchema,
  ZReviewerSchema,
  ZReviewItemIdSchema,
  ZReviewItemSchema,
  ZReviewItemStatusSchema,
  ZReviewLabelSchema,
  ZReviewPolicyFieldsSchema,
  ZReviewPolicySchema,
  ZReviewQueueCountsSchema,
  ZReviewSchema,
  ZSubmitReviewSchema,
} from '@assay/registry';
import { z } from 'zod';
import { defineRoute } from '../openapi/contract.js';
import { ZProblemSchema } from '../openapi/schemas.js';
import { ZReviewReportSchema } from './review-report.js';

const base = { project: ZProjectNameSchema, model: ZModelNameSchema };
export const ZReviewModelPathSchema = z.object(base).strict();
export const ZReviewerPathSchema = z
  .object({ ...base, reviewer: ZIdSchema.describe('Reviewer id') })
  .strict();
export const ZReviewItemPathSchema = z
  .object({ ...base, item: ZReviewItemIdSchema.describe('Review item id') })
  .strict();

const PREFIX = '/v1/projects/{project}/models/{model}/review';
/** Said of every route a reviewer token (not an API key) opens. */
const REVIEWER_AUTH =
  'Authenticated with a reviewer token (`Authorization: Bearer asrev_…`, created by an editor for this model’s queue), not an API key: a token of another model’s queue gets 403.';

export const ZListReviewItemsQuerySchema = z
  .object({
    status: ZReviewItemStatusSchema.optional(),
    after: ZReviewItemIdSchema.optional().describe('The previous page’s `next`'),
    limit: integerParam(z.number().int().min(1).max(500)).optional().describe('Default 50'),
  })
  .strict();

export const ZReviewItemsPageSchema = z.object({
  items: z.array(ZReviewItemSchema),
  next: z.string().nullable().describe('Pass as `after` for the next page; null at the end'),
  counts: ZReviewQueueCountsSchema,
});

export const ZSubmitPredictionsBodySchema = z
  .object({
    version: z.number().int().min(1).describe('The registered version that made the predictions'),
    predictions: z
      .array(
        z
          .object({
            requestId: z
              .string()
              .regex(
                /^[A-Za-z0-9._:-]{1,128}$/,
                'requestId must be 1–128 characters of [A-Za-z0-9._:-]',
              )
              .optional()
              .describe('Your id of the prediction (default: this request’s id)'),
            features: z
              .record(
                z.string().min(1).max(256),
                z.union([
                  z
                    .number()
                    .refine(Number.isFinite, 'feature values must be finite numbers or strings'),
                  z.string().max(256),
                ]),
              )
              .describe('The row’s features by name (numbers, or strings for categories)'),
            prediction: ZReviewLabelSchema.describe('The class the model decided'),
            probabilities: z
              .array(z.number().min(0).max(1))
              .min(1)
              .max(10_000)
              .describe('One probability per class, or [P(positive)] for a binary model'),
          })
          .strict(),
      )
      .min(1, 'send at least one prediction')
      .max(MAX_REVIEW_ITEM_BATCH, `send at most ${MAX_REVIEW_ITEM_BATCH} predictions per batch`),
  })
  .strict();

export const ZSubmitPredictionsResponseSchema = z.object({
  recorded: z.number().int(),
  queued: z.number().int(),
  automated: z.number().int(),
});

export const ZCreateReviewerBodySchema = z
  .object({ name: ZNameSchema.describe('Who reviews (unique per model), e.g. alice') })
  .strict();
export const ZCreatedReviewerSchema = z.object({
  token: z.string().describe('The reviewer token: shown once, stored as its sha256 only'),
  reviewer: ZReviewerSchema,
});

export const ZClaimBodySchema = z
  .object({
    itemId: ZReviewItemIdSchema.optional().describe(
      'A named item (given only when pending, its lease lapsed, or yours); default: the next one',
    ),
  })
  .strict();
export const ZClaimResponseSchema = z.object({
  item: ZReviewItemSchema.nullable().describe(
    'The claimed item; null when the queue has nothing for you',
  ),
});

export const ZReviewReportQuerySchema = z
  .object({
    limit: integerParam(z.number().int().min(1).max(1_000_000))
      .optional()
      .describe('Most recent items the report reads (default 200000)'),
  })
  .strict();

export const setReviewPolicyRoute = defineRoute({
  method: 'put',
  role: 'editor',
  path: `${PREFIX}/policy`,
  operationId: 'setReviewPolicy',
  summary: 'Set a model’s human-in-the-loop review policy',
  description:
    'From then on (within a second), each prediction of a registered version of the model whose confidence — the largest class probability, or for a binary model the margin |2p − 1| — is below `threshold` enters the model’s review queue; the others are automated (recorded too, for the report). Routing happens after the prediction’s response has gone.',
  tag: 'review',
  pathParams: ZReviewModelPathSchema,
  body: ZReviewPolicyFieldsSchema,
  responses: { 200: { description: 'The policy', schema: ZReviewPolicySchema } },
});

export const getReviewPolicyRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: `${PREFIX}/policy`,
  operationId: 'getReviewPolicy',
  summary: 'A model’s review policy (404 when it has none)',
  tag: 'review',
  pathParams: ZReviewModelPathSchema,
  responses: { 200: { description: 'The policy', schema: ZReviewPolicySchema } },
});

export const listReviewItemsRoute = defineRoute({
  method: 'get',
  role: 'editor',
  path: `${PREFIX}/items`,
  operationId: 'listReviewItems',
  summary: 'The review queue: a page of a model’s items, oldest first, and the counts per state',
  tag: 'review',
  pathParams: ZReviewModelPathSchema,
  query: ZListReviewItemsQuerySchema,
  responses: { 200: { description: 'A page of items', schema: ZReviewItemsPageSchema } },
});

export const submitPredictionsRoute = defineRoute({
  method: 'post',
  role: 'editor',
  path: `${PREFIX}/items`,
  operationId: 'submitReviewPredictions',
  summary: 'Submit a batch of a version’s predictions to the review policy',
  description:
    'For predictions made outside Assay’s predict route (batch scoring): each is routed by the model’s policy, as live predictions are, and recorded in one bulk insert. 409 when the model has no review policy.',
  tag: 'review',
  pathParams: ZReviewModelPathSchema,
  body: ZSubmitPredictionsBodySchema,
  responses: {
    201: { description: 'What was recorded', schema: ZSubmitPredictionsResponseSchema },
  },
});

export const createReviewerRoute = defineRoute({
  method: 'post',
  role: 'editor',
  path: `${PREFIX}/reviewers`,
  operationId: 'createReviewer',
  summary: 'Create a reviewer of the model’s queue and its token (shown once)',
  tag: 'review',
  pathParams: ZReviewModelPathSchema,
  body: ZCreateReviewerBodySchema,
  responses: { 201: { description: 'The reviewer and its token', schema: ZCreatedReviewerSchema } },
});

export const listReviewersRoute = defineRoute({
  method: 'get',
  role: 'editor',
  path: `${PREFIX}/reviewers`,
  operationId: 'listReviewers',
  summary: 'The model’s reviewers (revoked ones too)',
  tag: 'review',
  pathParams: ZReviewModelPathSchema,
  responses: { 200: { description: 'Reviewers', schema: z.array(ZReviewerSchema) } },
});

export const revokeReviewerRoute = defineRoute({
  method: 'delete',
  role: 'editor',
  path: `${PREFIX}/reviewers/{reviewer}`,
  operationId: 'revokeReviewer',
  summary: 'Revoke a reviewer’s token; its claims return to the queue',
  tag: 'review',
  pathParams: ZReviewerPathSchema,
  responses: { 200: { description: 'The revoked reviewer', schema: ZReviewerSchema } },
});

export const claimReviewItemRoute = defineRoute({
  method: 'post',
  role: 'public',
  path: `${PREFIX}/claims`,
  operationId: 'claimReviewItem',
  summary: 'Claim the next review item (or a named one) under the policy’s lease',
  description: `${REVIEWER_AUTH} Without \`itemId\`: your own live claim if you hold one, else the oldest lapsed claim, else the oldest pending item, never one you reviewed before (a double review goes to another reviewer). No item is given to two reviewers at once. A named item held by another reviewer's live lease is a 409.`,
  tag: 'review',
  pathParams: ZReviewModelPathSchema,
  body: ZClaimBodySchema,
  responses: {
    200: { description: 'The claimed item, or null', schema: ZClaimResponseSchema },
    429: {
      description: 'Too many unknown tokens from this address (see Retry-After)',
      schema: ZProblemSchema,
      contentType: 'application/problem+json',
    },
  },
});

export const submitReviewRoute = defineRoute({
  method: 'post',
  role: 'public',
  path: `${PREFIX}/items/{item}/reviews`,
  operationId: 'submitReview',
  summary: 'Accept or correct an item you hold under a live lease',
  description: `${REVIEWER_AUTH} 409 when you do not hold the item or its lease lapsed (claim it again).`,
  tag: 'review',
  pathParams: ZReviewItemPathSchema,
  body: ZSubmitReviewSchema,
  responses: {
    201: { description: 'The review', schema: ZReviewSchema },
    429: {
      description: 'Too many unknown tokens from this address (see Retry-After)',
      schema: ZProblemSchema,
      contentType: 'application/problem+json',
    },
  },
});

export const reviewReportRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: `${PREFIX}/report`,
  operationId: 'reviewReport',
  summary: 'Automation–risk report of the review queue, with the bias checks',
  description:
    'Rate of automation and risk rate per threshold (the curve over reviewed items; the audit fraction gives coverage above the threshold), the threshold meeting the target risk, agreement with the human policy and between reviewers (Cohen’s κ), and bias checks between queued and automated items: selection (two-sample KS with SciPy’s exact or asymptotic p-value, PSI, χ²), latent (group disparities over the policy’s group feature) and interaction (category coverage).',
  tag: 'review',
  pathParams: ZReviewModelPathSchema,
  query: ZReviewReportQuerySchema,
  responses: { 200: { description: 'The report', schema: ZReviewReportSchema } },
});

export const reviewRoutes = [
  setReviewPolicyRoute,
  getReviewPolicyRoute,
  listReviewItemsRoute,
  submitPredictionsRoute,
  createReviewerRoute,
  listReviewersRoute,
  revokeReviewerRoute,
  claimReviewItemRoute,
  submitReviewRoute,
  reviewReportRoute,
];
