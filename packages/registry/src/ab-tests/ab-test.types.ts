import { z } from 'zod';
import { type AB_TEST_STATUSES, type Check, type Same } from '../common.js';
import {
  AB_METRIC_KINDS,
  AB_METRIC_ROLES,
  type AB_TEST_METHODS,
  ZAbTestMethodSchema,
  ZAbTestStatusSchema,
} from './ab-test.schemas.js';

// Domain types (plain objects, dates as ISO-8601 strings, never Prisma types) and their response
// schemas, checked equal at compile time.

export type AbTestStatus = (typeof AB_TEST_STATUSES)[number];
export type AbTestMethod = (typeof AB_TEST_METHODS)[number];

/** One arm: its index (0 is the control), a version or an alias, its normalized weight. */
export interface AbVariant {
  index: number;
  name: string;
  version: number | null;
  alias: string | null;
  weight: number;
}

export interface AbMetric {
  name: string;
  role: (typeof AB_METRIC_ROLES)[number];
  kind: (typeof AB_METRIC_KINDS)[number];
  event: string;
  denominator: string | null;
  inverse: boolean;
}

export interface AbPlan {
  baseline: { kind: 'proportion'; rate: number } | { kind: 'mean'; mean: number; sd: number };
  mde: number;
  power: number;
  alpha: number;
  dailyUnits: number | null;
  /** The planner's answer: units per variant, total units, days. */
  result: Record<string, unknown> | null;
}

/** What a stopped test decided, and the analysis it rested on. */
export interface AbDecision {
  /** The winning variant's index, or null (no winner: the control is served). */
  winner: number | null;
  winnerName: string | null;
  /** The version the winner served when the test stopped. */
  version: number | null;
  reason: string | null;
  /** The analysis report when the test stopped. */
  report: Record<string, unknown>;
  /** An admin's override of a refused decision (sample-ratio mismatch). */
  override: { by: string; reason: string } | null;
  decidedBy: string;
  decidedAt: string;
}

/** An online A/B test of versions of one model. */
export interface AbTest {
  id: string;
  projectId: string;
  modelId: string;
  modelName: string;
  name: string;
  description: string | null;
  unitType: string;
  salt: string;
  variants: AbVariant[];
  coverage: number;
  /** Each split since the phase began (ramp-ups), oldest first. */
  weightHistory: { at: string; weights: number[] }[];
  metrics: AbMetric[];
  plan: AbPlan | null;
  method: AbTestMethod;
  alpha: number;
  alias: string | null;
  status: AbTestStatus;
  /** Events before this instant do not count (set by a reassignment). */
  phaseStartedAt: string | null;
  decision: AbDecision | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  stoppedAt: string | null;
}

export const ZAbVariantSchema = z
  .object({
    index: z.number().int(),
    name: z.string(),
    version: z.number().int().nullable(),
    alias: z.string().nullable(),
    weight: z.number(),
  })
  .meta({ id: 'AbVariant' });

export const ZAbMetricOutSchema = z
  .object({
    name: z.string(),
    role: z.enum(AB_METRIC_ROLES),
    kind: z.enum(AB_METRIC_KINDS),
    event: z.string(),
    denominator: z.string().nullable(),
    inverse: z.boolean(),
  })
  .meta({ id: 'AbMetric' });

export const ZAbPlanSchema = z.object({
  baseline: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('proportion'), rate: z.number() }),
    z.object({ kind: z.literal('mean'), mean: z.number(), sd: z.number() }),
  ]),
  mde: z.number(),
  power: z.number(),
  alpha: z.number(),
  dailyUnits: z.number().nullable(),
  result: z.record(z.string(), z.unknown()).nullable(),
});

export const ZAbDecisionSchema = z.object({
  winner: z.number().int().nullable(),
  winnerName: z.string().nullable(),
  version: z.number().int().nullable(),
  reason: z.string().nullable(),
  report: z.record(z.string(), z.unknown()),
  override: z.object({ by: z.string(), reason: z.string() }).nullable(),
  decidedBy: z.string(),
  decidedAt: z.string(),
});

export const ZAbTestSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    modelId: z.string(),
    modelName: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    unitType: z.string(),
    salt: z.string(),
    variants: z.array(ZAbVariantSchema),
    coverage: z.number(),
    weightHistory: z.array(z.object({ at: z.string(), weights: z.array(z.number()) })),
    metrics: z.array(ZAbMetricOutSchema),
    plan: ZAbPlanSchema.nullable(),
    method: ZAbTestMethodSchema,
    alpha: z.number(),
    alias: z.string().nullable(),
    status: ZAbTestStatusSchema,
    phaseStartedAt: z.string().nullable(),
    decision: ZAbDecisionSchema.nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    startedAt: z.string().nullable(),
    stoppedAt: z.string().nullable(),
  })
  .meta({ id: 'AbTest' });

/** A unit's variant: `first` when this call recorded its first exposure. */
export interface AbAssignment {
  unitId: string;
  variant: number;
  first: boolean;
}

/** One variant's sufficient statistics of one metric (the core's `MetricStats`, as numbers). */
export interface AbMetricSums {
  /** Units exposed. */
  n: number;
  /** Σx, Σx² of the metric per unit (the numerator for a ratio). */
  sum: number;
  sumSquares: number;
  /** Ratio: Σy, Σy² of the denominator per unit and Σxy. */
  denominatorSum: number;
  denominatorSumSquares: number;
  productSum: number;
  /** CUPED: Σp, Σp², Σxp of the pre-period covariate (`null` when no event carried `pre`). */
  pre: { sum: number; sumSquares: number; productSum: number } | null;
  /**
   * CUPED of a ratio: the pre-period numerator m₀ (its event's `pre`) and denominator d₀ (the
   * denominator event's `pre`): Σm₀, Σm₀², Σd₀, Σd₀², Σm₀d₀, Σm·m₀, Σd·d₀, Σm·d₀, Σm₀·d (`null`
   * unless a ratio whose events carried `pre`).
   */
  ratioPre: {
    numeratorSum: number;
    numeratorSumSquares: number;
    denominatorSum: number;
    denominatorSumSquares: number;
    productSum: number;
    numeratorProductSum: number;
    denominatorProductSum: number;
    numeratorDenominatorPreSum: number;
    numeratorPreDenominatorSum: number;
  } | null;
}

/** The sufficient statistics of a test up to an instant: per variant, units and metric sums. */
export interface AbAggregates {
  until: string;
  /**
   * The split SRM expects of the exposed units: each period's units (between ramp-ups) at that
   * period's weights, summed (the current weights when nobody is exposed yet).
   */
  expectedWeights: number[];
  variants: { variant: number; units: number; metrics: AbMetricSums[] }[];
}

type _ShapeChecks = [Check<Same<z.output<typeof ZAbTestSchema>, AbTest>>];
