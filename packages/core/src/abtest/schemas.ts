import { z } from 'zod';
import { CORRECTIONS } from './multipleTesting.js';
import { ZSrmResultSchema } from './srm.js';

const count = z.number().int().nonnegative();
const finite = z.number().refine(Number.isFinite, 'expected a finite number');

/** CUPED's pre-period covariate x_pre of the same units: Σ x_pre, Σ x_pre², Σ x·x_pre. */
export const ZPrePeriodSchema = z.strictObject({
  sum: finite.meta({ description: 'Σ of the pre-period covariate over the units.' }),
  sumSquares: z.number().nonnegative().meta({ description: 'Σ of its squares.' }),
  productSum: finite.meta({ description: 'Σ of (metric value × covariate) per unit.' }),
});
export type TPrePeriod = z.infer<typeof ZPrePeriodSchema>;

export const ZProportionStatsSchema = z.strictObject({
  kind: z.literal('proportion'),
  n: count.meta({ description: 'Units analysed.' }),
  sum: z.number().nonnegative().meta({ description: 'Units that converted (0/1 metric summed).' }),
  pre: ZPrePeriodSchema.optional(),
});
export const ZMeanStatsSchema = z.strictObject({
  kind: z.literal('mean'),
  n: count.meta({ description: 'Units analysed.' }),
  sum: finite.meta({ description: 'Σ of the per-unit value.' }),
  sumSquares: z.number().nonnegative().meta({ description: 'Σ of its squares.' }),
  pre: ZPrePeriodSchema.optional(),
});
/**
 * CUPED's pre-period of a ratio metric (gbstats `RegressionAdjustedRatioStatistic`): the
 * pre-period numerator m₀ and denominator d₀ per unit, with the post-period m and d.
 */
export const ZRatioPrePeriodSchema = z.strictObject({
  numeratorSum: finite.meta({ description: 'Σ m₀ (pre-period numerator).' }),
  numeratorSumSquares: z.number().nonnegative().meta({ description: 'Σ m₀².' }),
  denominatorSum: finite.meta({ description: 'Σ d₀ (pre-period denominator).' }),
  denominatorSumSquares: z.number().nonnegative().meta({ description: 'Σ d₀².' }),
  productSum: finite.meta({ description: 'Σ m₀·d₀.' }),
  numeratorProductSum: finite.meta({ description: 'Σ m·m₀ (post × pre numerators).' }),
  denominatorProductSum: finite.meta({ description: 'Σ d·d₀ (post × pre denominators).' }),
  numeratorDenominatorPreSum: finite.meta({
    description: 'Σ m·d₀ (post numerator × pre denominator).',
  }),
  numeratorPreDenominatorSum: finite.meta({
    description: 'Σ m₀·d (pre numerator × post denominator).',
  }),
});
export type TRatioPrePeriod = z.infer<typeof ZRatioPrePeriodSchema>;

export const ZRatioStatsSchema = z.strictObject({
  kind: z.literal('ratio'),
  n: count.meta({ description: 'Units analysed (the randomisation unit, e.g. users).' }),
  numeratorSum: finite.meta({ description: 'Σ of the per-unit numerator (e.g. revenue).' }),
  numeratorSumSquares: z.number().nonnegative(),
  denominatorSum: finite.meta({ description: 'Σ of the per-unit denominator (e.g. sessions).' }),
  denominatorSumSquares: z.number().nonnegative(),
  productSum: finite.meta({ description: 'Σ of numerator × denominator per unit.' }),
  pre: ZRatioPrePeriodSchema.optional(),
});

/** Sufficient statistics of one variant for one metric (what the platform aggregates in SQL). */
export const ZMetricStatsSchema = z
  .discriminatedUnion('kind', [ZProportionStatsSchema, ZMeanStatsSchema, ZRatioStatsSchema])
  .superRefine((s, ctx) => {
    if (s.kind === 'proportion' && s.sum > s.n)
      ctx.addIssue({
        code: 'custom',
        path: ['sum'],
        message: `sum (${s.sum}) exceeds n (${s.n}); a proportion's successes cannot exceed its units`,
      });
    if (s.kind === 'proportion' && s.pre !== undefined && s.pre.sumSquares !== s.pre.sum)
      ctx.addIssue({
        code: 'custom',
        path: ['pre', 'sumSquares'],
        message:
          "a proportion's pre-period covariate must be 0/1 (sumSquares = sum), as gbstats compares like with like; use kind 'mean' for a numeric covariate",
      });
  });
export type TMetricStats = z.infer<typeof ZMetricStatsSchema>;

export const ZAbVariantSchema = z.strictObject({
  name: z.string().min(1),
  units: count.meta({ description: 'Units assigned (exposed) to the variant.' }),
  expectedWeight: z.number().nonnegative().meta({ description: 'Designed traffic share.' }),
});

export const ZAbMetricSchema = z.strictObject({
  name: z.string().min(1),
  role: z.enum(['primary', 'guardrail']),
  inverse: z
    .boolean()
    .optional()
    .meta({ description: 'Lower is better (latency, error rate). @default false' }),
  stats: z
    .array(ZMetricStatsSchema)
    .meta({ description: 'One per variant, in the order of `variants`.' }),
});

export const AB_METHODS = ['frequentist', 'bayesian', 'sequential'] as const;

export const ZAnalyzeAbTestInputSchema = z
  .strictObject({
    variants: z.array(ZAbVariantSchema).min(2).meta({ description: 'Index 0 is the control.' }),
    metrics: z.array(ZAbMetricSchema),
    method: z.enum(AB_METHODS),
    alpha: z.number().gt(0).lt(1).optional().meta({ description: '@default 0.05' }),
    sequentialTuning: z.number().positive().optional().meta({
      description:
        "GrowthBook's sequential tuning parameter (units where the interval is tightest). @default 5000",
    }),
    correction: z
      .enum(CORRECTIONS)
      .optional()
      .meta({ description: 'Across primary metrics. @default none' }),
    cuped: z
      .boolean()
      .optional()
      .meta({ description: 'Adjust with the pre-period covariate where given. @default false' }),
  })
  .superRefine((input, ctx) => {
    const k = input.variants.length;
    let total = 0;
    for (const v of input.variants) total += v.expectedWeight;
    if (Math.abs(total - 1) > 1e-6)
      ctx.addIssue({
        code: 'custom',
        path: ['variants'],
        message: `expected weights sum to ${total}; they must sum to 1 (± 1e-6)`,
      });
    const names = new Set<string>();
    input.metrics.forEach((m, i) => {
      if (names.has(m.name))
        ctx.addIssue({
          code: 'custom',
          path: ['metrics', i, 'name'],
          message: `metric '${m.name}' appears twice`,
        });
      names.add(m.name);
      if (m.stats.length !== k)
        ctx.addIssue({
          code: 'custom',
          path: ['metrics', i, 'stats'],
          message: `metric '${m.name}' has ${m.stats.length} statistics but there are ${k} variants; give one per variant`,
        });
      const kinds = new Set(m.stats.map((s) => s.kind));
      if (kinds.size > 1)
        ctx.addIssue({
          code: 'custom',
          path: ['metrics', i, 'stats'],
          message: `metric '${m.name}' mixes kinds ${[...kinds].join(', ')}; every variant needs the same kind`,
        });
      const withPre = m.stats.filter((s) => s.pre !== undefined).length;
      if (withPre !== 0 && withPre !== m.stats.length)
        ctx.addIssue({
          code: 'custom',
          path: ['metrics', i, 'stats'],
          message: `metric '${m.name}' has a pre-period covariate for ${withPre} of ${m.stats.length} variants; give it for all or none`,
        });
    });
  });
export type TAnalyzeAbTestInput = z.input<typeof ZAnalyzeAbTestInputSchema>;

const nullableNumber = z.number().nullable();
const interval = z.tuple([z.number(), z.number()]).nullable();

export const ZAbEffectSchema = z.object({
  estimate: nullableNumber.meta({
    description:
      'Treatment − control (absolute) or ÷ |control| (relative); null for the control or when undefined.',
  }),
  ci: interval.meta({
    description:
      'Confidence (frequentist), confidence-sequence (sequential) or credible (Bayesian) interval at 1 − α.',
  }),
  pValue: nullableNumber.meta({
    description: 'null for the Bayesian method, the control, or an undefined statistic (NaN).',
  }),
  test: z.string().nullable().meta({ description: 'The reference the numbers follow.' }),
  error: z.string().nullable().meta({
    description: "gbstats' errorMessage when it returns no estimate (e.g. ZERO_NEGATIVE_VARIANCE).",
  }),
});
export type TAbEffect = z.infer<typeof ZAbEffectSchema>;

export const ZAbVariantResultSchema = z.object({
  variant: z.number().int(),
  name: z.string(),
  units: z.number().int().meta({ description: 'n of this metric’s statistics.' }),
  mean: z
    .number()
    .meta({ description: 'Unadjusted per-unit mean (a ratio: Σ numerator / Σ denominator).' }),
  absolute: ZAbEffectSchema,
  relative: ZAbEffectSchema,
  chanceToWin: nullableNumber.meta({
    description: 'Bayesian P(variant better than control) on the relative effect.',
  }),
  expectedLoss: nullableNumber.meta({
    description: "Bayesian expected relative loss of choosing the variant (gbstats' risk).",
  }),
  adjustedPValue: nullableNumber.meta({
    description: 'Relative p-value corrected across primary metrics (null without a correction).',
  }),
  varianceReduction: nullableNumber.meta({
    description: 'CUPED: 1 − Var(adjusted)/Var(unadjusted) of the absolute effect.',
  }),
  significant: z
    .enum(['better', 'worse', 'none'])
    .nullable()
    .meta({ description: 'At level α, in the metric’s good direction; null for the control.' }),
});
export type TAbVariantResult = z.infer<typeof ZAbVariantResultSchema>;

export const ZAbMetricResultSchema = z.object({
  name: z.string(),
  role: z.enum(['primary', 'guardrail']),
  inverse: z.boolean(),
  kind: z.enum(['proportion', 'mean', 'ratio']),
  cuped: z.boolean().meta({ description: 'Whether CUPED adjusted this metric.' }),
  variants: z.array(ZAbVariantResultSchema),
});
export type TAbMetricResult = z.infer<typeof ZAbMetricResultSchema>;

export const ZAbDecisionSchema = z.object({
  blocked: z.boolean(),
  reasons: z.array(z.string()),
  winner: z
    .number()
    .int()
    .nullable()
    .meta({ description: 'Variant index to ship (0 = keep control), or null: no decision yet.' }),
});

export const ZAbTestAnalysisSchema = z
  .object({
    method: z.enum(AB_METHODS),
    alpha: z.number(),
    srm: ZSrmResultSchema,
    metrics: z.array(ZAbMetricResultSchema),
    decision: ZAbDecisionSchema,
    engine: z.string().meta({ description: 'The references this analysis follows.' }),
  })
  .meta({
    description: 'An A/B test analysis: SRM, per-metric effects per variant, and the decision.',
  });
export type AbTestAnalysis = z.infer<typeof ZAbTestAnalysisSchema>;
