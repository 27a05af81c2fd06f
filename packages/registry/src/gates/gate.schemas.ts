import { ZEvaluationConfidenceSchema } from '@assay/core';
import { z } from 'zod';
import { ZAliasNameSchema } from '../aliases/alias.schemas.js';
import { ZActorSchema, ZDescriptionSchema, ZIdSchema } from '../common.js';
import { ZAlphaSchema, ZCreateComparisonSchema } from '../comparisons/comparison.schemas.js';
import { ZCreateEvaluationSchema } from '../evaluations/evaluation.schemas.js';
import { ZModelNameSchema } from '../models/model.schemas.js';
import { ZVersionNumberSchema } from '../versions/version.schemas.js';

const ZMetricNameSchema = z.string().min(1, 'metric must not be empty').max(100);
const ZParamsSchema = z.record(z.string(), z.unknown());
const ZColumnSchema = z.string().min(1, 'column must not be empty').max(250);

/** Comparison operators of an absolute threshold. */
export const GATE_OPS = ['>=', '>', '<=', '<'] as const;

/** `metric op value` on the candidate alone, e.g. f1 ≥ 0.90. */
export const ZThresholdCheckSchema = z
  .object({
    kind: z.literal('threshold'),
    metric: ZMetricNameSchema,
    params: ZParamsSchema.optional(),
    op: z.enum(GATE_OPS),
    value: z.number(),
  })
  .strict();

/**
 * Relative to the alias's current holder on the same rows: `candidate ≥ holder − margin` for a
 * metric where higher is better (`≤ holder + margin` where lower is), and, with
 * `notSignificantlyWorse`, the comparison's paired test must not find the candidate worse at the
 * policy's α. Passes when the alias has no holder yet (nothing to be worse than). A gate started
 * from a shadow test whose requests have labels holds the check on those live labelled rows too
 * (candidate vs the holder that answered them): both must pass.
 */
export const ZRelativeCheckSchema = z
  .object({
    kind: z.literal('relative'),
    metric: ZMetricNameSchema,
    params: ZParamsSchema.optional(),
    /** @default 0 */
    margin: z.number().min(0, 'margin must be at least 0').optional(),
    /** @default false */
    notSignificantlyWorse: z.boolean().optional(),
  })
  .strict();

/**
 * A fairness bound: a bias metric of the core (`demographicParityDifference`,
 * `equalizedOddsDifference`, …) with the sensitive column, at most `max`.
 */
export const ZFairnessCheckSchema = z
  .object({
    kind: z.literal('fairness'),
    metric: ZMetricNameSchema,
    column: ZColumnSchema,
    params: ZParamsSchema.optional(),
    max: z.number(),
  })
  .strict();

/**
 * The candidate's predict latency in the gate's batch test: the `percentile` of the time per
 * `predict` call of `batchRows` rows (1: one row per call, as a live request), at most `maxMs`.
 */
export const ZLatencyCheckSchema = z
  .object({
    kind: z.literal('latency'),
    percentile: z.number().gt(0, 'percentile must be in (0, 100]').max(100),
    maxMs: z.number().gt(0, 'maxMs must be positive'),
    /** @default 1 */
    batchRows: z.number().int().min(1).max(100_000).optional(),
  })
  .strict();

/** The candidate version's artifact is at most `maxBytes`. */
export const ZArtifactSizeCheckSchema = z
  .object({
    kind: z.literal('artifact-size'),
    maxBytes: z.number().int().min(1),
  })
  .strict();

/** One check of a gate policy. */
export const ZGateCheckSchema = z.discriminatedUnion('kind', [
  ZThresholdCheckSchema,
  ZRelativeCheckSchema,
  ZFairnessCheckSchema,
  ZLatencyCheckSchema,
  ZArtifactSizeCheckSchema,
]);

/**
 * A gate's batch test computes each metric once: two threshold or fairness checks may name one
 * metric only with the same params (and column). Refine a policy's schema with it.
 */
export function checkGateMetricsOnce(
  spec: { checks: readonly z.infer<typeof ZGateCheckSchema>[] },
  ctx: z.RefinementCtx,
): void {
  const seen = new Map<string, string>();
  spec.checks.forEach((check, i) => {
    if (check.kind !== 'threshold' && check.kind !== 'fairness') return;
    const key = JSON.stringify([
      check.params ?? {},
      check.kind === 'fairness' ? check.column : null,
    ]);
    const earlier = seen.get(check.metric);
    if (earlier !== undefined && earlier !== key) {
      ctx.addIssue({
        code: 'custom',
        path: ['checks', i],
        message: `${check.metric} is checked twice with different params or columns; the gate's batch test computes each metric once`,
      });
    }
    seen.set(check.metric, key);
  });
}

/** The body of a policy version (what an update replaces as a whole). */
export const ZGatePolicySpecSchema = z
  .object({
    /** The reference dataset the gate runs on (a stored dataset of the project). */
    datasetId: ZIdSchema,
    target: ZColumnSchema,
    features: z.array(ZColumnSchema).min(1).max(10_000).optional(),
    /** The paired bootstrap of relative checks' deltas. */
    confidence: ZEvaluationConfidenceSchema.optional(),
    /** @default 0.05 */
    alpha: ZAlphaSchema.optional(),
    checks: z.array(ZGateCheckSchema).min(1, 'a policy has at least one check').max(100),
    description: ZDescriptionSchema.optional(),
  })
  .strict();

/** A new version of the policy guarding `alias` of a model (version 1 when there is none). */
export const ZPutGatePolicySchema = ZGatePolicySpecSchema.extend({
  projectId: ZIdSchema,
  modelName: ZModelNameSchema,
  alias: ZAliasNameSchema,
  /** The current policy version you read (0: none yet): a conflict when another update won. */
  expectedVersion: z.number().int().min(0).optional(),
  createdBy: ZActorSchema.optional(),
})
  .strict()
  .superRefine(checkGateMetricsOnce);

/**
 * Where a gate run's evidence came from: a batch test on the policy's reference dataset, started
 * directly (`dataset`) or from a shadow test of the candidate on the guarded alias (`shadow`: the
 * checks are judged on the reference dataset as always; the report also carries the shadow test's
 * live-traffic summary and names it, so the ledger leads from the alias move to the shadow test).
 */
export const ZGateEvidenceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dataset'), datasetId: ZIdSchema }).strict(),
  z
    .object({
      kind: z.literal('shadow'),
      shadowTestId: ZIdSchema,
      /** The policy's reference dataset, on which the checks were judged. */
      datasetId: ZIdSchema,
      /** The shadow report when the gate ran: mirrored pairs, agreement, labelled comparison. */
      live: z.record(z.string(), z.unknown()).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('abTest'),
      /** The A/B test whose decision named this candidate the winner. */
      abTestId: ZIdSchema,
      /** The policy's reference dataset, on which the checks were judged. */
      datasetId: ZIdSchema,
      /** The A/B report the decision rested on (SRM, each metric's lift, interval, P(B > A)). */
      report: z.record(z.string(), z.unknown()),
    })
    .strict(),
]);

/** One check's outcome: its numbers, pass or fail, and why. */
export const ZGateCheckResultSchema = z
  .object({
    /** Index of the check in the policy version. */
    index: z.number().int().min(0),
    kind: z.enum(['threshold', 'relative', 'fairness', 'latency', 'artifact-size']),
    /** What was checked, e.g. `f1 >= 0.9`. */
    label: z.string().min(1).max(500),
    passed: z.boolean(),
    /** The candidate's number. */
    observed: z.number().nullable(),
    /** The bound it was held to. */
    limit: z.number().nullable(),
    /** Why it passed or failed, in a sentence. */
    reason: z.string().min(1).max(2000),
    /** More numbers (holder value, delta, interval, p-value…). */
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** A gate run's outcome to store, with the evaluation and comparison it used (stored with it). */
export const ZCreateGateReportSchema = z
  .object({
    projectId: ZIdSchema,
    modelName: ZModelNameSchema,
    /** The policy version it ran under. */
    policyId: ZIdSchema,
    candidateVersion: ZVersionNumberSchema,
    holderVersion: ZVersionNumberSchema.nullable(),
    checks: z.array(ZGateCheckResultSchema).min(1).max(100),
    evidence: ZGateEvidenceSchema,
    /** The candidate's batch test (stored in the same transaction). */
    evaluation: ZCreateEvaluationSchema.optional(),
    /** The candidate vs the holder (stored in the same transaction). */
    comparison: ZCreateComparisonSchema.optional(),
    /** The job that ran the gate: storing again for the same job returns the first report. */
    jobId: ZIdSchema.optional(),
    createdBy: ZActorSchema.optional(),
  })
  .strict();

export const ZListGateReportsFilterSchema = z
  .object({ alias: ZAliasNameSchema.optional(), version: ZVersionNumberSchema.optional() })
  .strict();

export type TGateCheckSchema = z.infer<typeof ZGateCheckSchema>;
export type TGatePolicySpecSchema = z.infer<typeof ZGatePolicySpecSchema>;
export type TPutGatePolicySchema = z.infer<typeof ZPutGatePolicySchema>;
export type TGateEvidenceSchema = z.infer<typeof ZGateEvidenceSchema>;
export type TGateCheckResultSchema = z.infer<typeof ZGateCheckResultSchema>;
export type TCreateGateReportSchema = z.infer<typeof ZCreateGateReportSchema>;
export type TListGateReportsFilterSchema = z.infer<typeof ZListGateReportsFilterSchema>;
