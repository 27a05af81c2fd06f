import { z } from 'zod';
import { ZAliasNameSchema, ZReasonSchema } from '../aliases/alias.schemas.js';
import {
  AB_TEST_STATUSES,
  ZDescriptionSchema,
  ZIdempotencyKeySchema,
  ZIdSchema,
  ZNameSchema,
} from '../common.js';
import { ZModelNameSchema } from '../models/model.schemas.js';
import { ZVersionNumberSchema } from '../versions/version.schemas.js';

export const ZAbTestStatusSchema = z.enum(AB_TEST_STATUSES);

/** How the analysis judges the variants (GrowthBook's three engines; sequential by default). */
export const AB_TEST_METHODS = ['frequentist', 'bayesian', 'sequential'] as const;
export const ZAbTestMethodSchema = z.enum(AB_TEST_METHODS);

/** What a metric computes per unit from its events. */
export const AB_METRIC_KINDS = ['proportion', 'mean', 'ratio'] as const;
export const AB_METRIC_ROLES = ['primary', 'guardrail'] as const;

/** The most variants one test splits traffic between (control included). */
export const MAX_AB_VARIANTS = 10;
/** The most metrics one test analyses. */
export const MAX_AB_METRICS = 20;
/** The most unit ids one assignment request carries. */
export const MAX_AB_ASSIGN_BATCH = 10_000;
/** The most events one batch carries. */
export const MAX_AB_EVENT_BATCH = 10_000;

/** A unit id (user, session, …) as the client knows it: 1–256 characters. */
export const ZUnitIdSchema = z
  .string('unit id must be a string')
  .min(1, 'unit id must not be empty')
  .max(256, 'unit id must be at most 256 characters');

/** An event name: 1–128 characters of `[A-Za-z0-9._-]`. */
export const ZAbEventNameSchema = ZNameSchema;

const ZWeightSchema = z
  .number('weight must be a number')
  .min(0, 'weight must be at least 0')
  .max(1_000_000, 'weight must be at most 1000000');

/** One arm: a version of the model or an alias (resolved when served), and its share of traffic. */
export const ZAbVariantInputSchema = z
  .object({
    name: ZNameSchema.describe('e.g. control, treatment'),
    version: ZVersionNumberSchema.optional().describe('A version of the model'),
    alias: ZAliasNameSchema.optional().describe('Or an alias, resolved when a unit is served'),
    weight: ZWeightSchema.describe('Share of traffic (weights are normalized to sum to 1)'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.version === undefined) === (v.alias === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['version'], message: 'give a version or an alias' });
    }
  });

/** A metric over outcome events, per unit: conversion (proportion), sum (mean) or ratio. */
export const ZAbMetricSchema = z
  .object({
    name: ZNameSchema,
    role: z.enum(AB_METRIC_ROLES).default('primary'),
    kind: z.enum(AB_METRIC_KINDS),
    event: ZAbEventNameSchema.describe(
      'proportion: a unit converts when it has this event; mean: the sum of its values per unit; ratio: the numerator',
    ),
    denominator: ZAbEventNameSchema.optional().describe(
      'ratio only: the event whose values per unit divide (e.g. sessions)',
    ),
    inverse: z.boolean().default(false).describe('true when lower is better (e.g. latency)'),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.kind === 'ratio' && m.denominator === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['denominator'],
        message: 'a ratio metric needs a denominator event',
      });
    }
    if (m.kind !== 'ratio' && m.denominator !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['denominator'],
        message: 'only a ratio metric has a denominator',
      });
    }
  });

/** The control's expected value of the primary metric: a rate, or a mean with its per-unit SD. */
export const ZAbBaselineSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('proportion'),
    rate: z.number().gt(0).lt(1).describe("The control's conversion rate"),
  }),
  z.strictObject({
    kind: z.literal('mean'),
    mean: z.number().refine((x) => x !== 0, 'mean must not be 0'),
    sd: z.number().positive().describe('Per-unit standard deviation'),
  }),
]);

/** The plan: the smallest effect worth detecting, the power and α (the planner answers the rest). */
export const ZAbPlanInputSchema = z
  .object({
    baseline: ZAbBaselineSchema,
    mde: z
      .number()
      .refine((x) => x !== 0, 'mde must not be 0')
      .describe('Minimum detectable effect, relative (0.05 = +5 %)'),
    power: z.number().gt(0).lt(1).default(0.8),
    alpha: z.number().gt(0).lt(1).default(0.05),
    dailyUnits: z.number().positive().max(1e12).optional().describe('Units entering per day'),
  })
  .strict();

const variantChecks = (
  variants: readonly { name: string; weight: number }[],
  ctx: z.RefinementCtx,
  path: string,
) => {
  const names = new Set<string>();
  variants.forEach((v, i) => {
    if (names.has(v.name)) {
      ctx.addIssue({
        code: 'custom',
        path: [path, i, 'name'],
        message: `duplicate variant name '${v.name}'`,
      });
    }
    names.add(v.name);
  });
  if (variants.reduce((s, v) => s + v.weight, 0) <= 0) {
    ctx.addIssue({ code: 'custom', path: [path], message: 'the weights must not all be 0' });
  }
};

export const ZCreateAbTestFieldsSchema = z
  .object({
    projectId: ZIdSchema,
    modelName: ZModelNameSchema,
    name: ZNameSchema,
    description: ZDescriptionSchema.optional(),
    unitType: ZNameSchema.default('user').describe('What a unit is: user, session, …'),
    salt: z
      .string()
      .min(1)
      .max(128)
      .optional()
      .describe('Hashing seed (default: random). Same salt and unit id, same bucket'),
    variants: z
      .array(ZAbVariantInputSchema)
      .min(2, 'give at least 2 variants (the first is the control)')
      .max(MAX_AB_VARIANTS, `give at most ${MAX_AB_VARIANTS} variants`),
    coverage: z
      .number()
      .gt(0, 'coverage must be greater than 0')
      .max(1, 'coverage must be at most 1')
      .default(1)
      .describe('Fraction of units in the test; the rest is the holdout, served the control'),
    metrics: z
      .array(ZAbMetricSchema)
      .min(1, 'give at least one metric')
      .max(MAX_AB_METRICS, `give at most ${MAX_AB_METRICS} metrics`),
    plan: ZAbPlanInputSchema.optional(),
    /** The planner's answer, computed by the caller (the API) from `plan`. */
    planResult: z.record(z.string(), z.unknown()).optional(),
    method: ZAbTestMethodSchema.default('sequential'),
    alpha: z.number().gt(0).lt(1).default(0.05),
    alias: ZAliasNameSchema.optional().describe('The alias a winner is promoted to (its gate)'),
    start: z.boolean().default(false).describe('true: running at once; false: a draft'),
    createdBy: z.string().max(256).optional(),
  })
  .strict();

/** The checks across fields of a new test (variant names, weights, metric names, a primary). */
export function checkAbTestSpec(
  t: {
    variants: readonly { name: string; weight: number }[];
    metrics: readonly { name: string; role?: string }[];
  },
  ctx: z.RefinementCtx,
): void {
  variantChecks(t.variants, ctx, 'variants');
  const names = new Set<string>();
  t.metrics.forEach((m, i) => {
    if (names.has(m.name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['metrics', i, 'name'],
        message: `duplicate metric name '${m.name}'`,
      });
    }
    names.add(m.name);
  });
  if (!t.metrics.some((m) => (m.role ?? 'primary') === 'primary')) {
    ctx.addIssue({
      code: 'custom',
      path: ['metrics'],
      message: 'give at least one primary metric',
    });
  }
}

export const ZCreateAbTestSchema = ZCreateAbTestFieldsSchema.superRefine(checkAbTestSpec);

/**
 * A ramp-up or a start: new weights (one per variant, in order), a new coverage, `running` to
 * start a draft. Units already assigned keep their variant unless `reassign` (a new phase: their
 * exposures are forgotten and events before now no longer count).
 */
export const ZUpdateAbTestSchema = z
  .object({
    weights: z.array(ZWeightSchema).min(2).max(MAX_AB_VARIANTS).optional(),
    coverage: z.number().gt(0).max(1).optional(),
    reassign: z.boolean().default(false),
    status: z.literal('running').optional().describe('running: start a draft'),
    description: ZDescriptionSchema.optional(),
  })
  .strict();

/** Stops a running test and records its decision (the API judges it; the registry stores it). */
export const ZStopAbTestSchema = z
  .object({
    winner: z.number().int().min(0).nullable(),
    version: ZVersionNumberSchema.nullable(),
    report: z.record(z.string(), z.unknown()),
    reason: ZReasonSchema.optional(),
    override: z.object({ by: z.string().min(1).max(256), reason: ZReasonSchema.min(1) }).optional(),
  })
  .strict();

/** One outcome: a unit did `event` (with a `value`, 1 by default) at `at` (default: now). */
export interface AbEventInput {
  unitId: string;
  event: string;
  value?: number | null | undefined;
  at?: string | Date | null | undefined;
  pre?: number | null | undefined;
}

export const ZAbEventInputSchema = z
  .object({
    unitId: ZUnitIdSchema,
    event: ZAbEventNameSchema,
    value: z
      .number()
      .nullable()
      .optional()
      .describe('Default 1 (a conversion); the amount for a mean'),
    at: z.iso
      .datetime({ offset: true, message: 'expected an ISO-8601 date-time with offset' })
      .nullable()
      .optional()
      .describe('When it happened (default: when the batch arrives)'),
    pre: z
      .number()
      .nullable()
      .optional()
      .describe("The unit's pre-period value of this metric (CUPED)"),
  })
  .strict();

export const ZAbEventBatchKeySchema = ZIdempotencyKeySchema;

export type TCreateAbTestSchema = z.input<typeof ZCreateAbTestSchema>;
export type TUpdateAbTestSchema = z.input<typeof ZUpdateAbTestSchema>;
export type TStopAbTestSchema = z.input<typeof ZStopAbTestSchema>;
export type TAbMetricSchema = z.output<typeof ZAbMetricSchema>;
export type TAbPlanInputSchema = z.output<typeof ZAbPlanInputSchema>;
