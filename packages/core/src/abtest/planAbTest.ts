import { z } from 'zod';
import { parseWith } from '../errors/zodIssues.js';
import { normalCdf, normalIsf, normalSf } from '../stats/distributions/index.js';
import { sampleSize } from '../stats/sampleSize.js';
import { fail } from './fail.js';

export const ZPlanAbTestInputSchema = z
  .strictObject({
    baseline: z.discriminatedUnion('kind', [
      z.strictObject({
        kind: z.literal('proportion'),
        rate: z.number().gt(0).lt(1).meta({ description: "Control's conversion rate." }),
      }),
      z.strictObject({
        kind: z.literal('mean'),
        mean: z
          .number()
          .refine((x) => Number.isFinite(x) && x !== 0, 'mean must be finite and non-zero'),
        sd: z.number().positive().meta({ description: 'Per-unit standard deviation.' }),
      }),
    ]),
    mde: z
      .number()
      .refine((x) => Number.isFinite(x) && x !== 0, 'mde must be finite and non-zero')
      .meta({ description: 'Minimum detectable effect, relative (0.05 = +5 %).' }),
    alpha: z.number().gt(0).lt(1).optional().meta({ description: '@default 0.05' }),
    power: z.number().gt(0).lt(1).optional().meta({ description: '@default 0.8' }),
    variants: z
      .number()
      .int()
      .min(2)
      .optional()
      .meta({ description: 'Including control. @default 2' }),
    dailyUnits: z
      .number()
      .positive()
      .optional()
      .meta({ description: 'Units entering the experiment per day.' }),
  })
  .superRefine((input, ctx) => {
    if ((input.power ?? 0.8) <= (input.alpha ?? 0.05))
      ctx.addIssue({ code: 'custom', path: ['power'], message: 'power must exceed alpha' });
    if (input.baseline.kind === 'proportion') {
      const treated = input.baseline.rate * (1 + input.mde);
      if (!(treated > 0 && treated < 1))
        ctx.addIssue({
          code: 'custom',
          path: ['mde'],
          message: `rate × (1 + mde) is ${treated}; the treated rate must lie in (0, 1)`,
        });
    }
  });
export type TPlanAbTestInput = z.input<typeof ZPlanAbTestInputSchema>;

export const ZAbTestPlanSchema = z.object({
  unitsPerVariant: z.number().int(),
  totalUnits: z.number().int(),
  days: z.number().int().nullable().meta({ description: 'null without dailyUnits.' }),
  unitsPerVariantExact: z.number().meta({ description: 'The root before rounding up.' }),
  effectSize: z
    .number()
    .meta({ description: "Cohen's h (proportion) or d = mde·|mean|/sd (mean)." }),
  reference: z.string(),
});
export type TAbTestPlan = z.infer<typeof ZAbTestPlanSchema>;

/** Units per group for a standardized effect d at two-sided α and power (statsmodels NormalIndPower, ratio 1). */
function normalIndSolve(d: number, alpha: number, power: number): number {
  const crit = normalIsf(alpha / 2);
  const powerAt = (n: number) => {
    const shift = Math.abs(d) * Math.sqrt(n / 2);
    return normalSf(crit - shift) + normalCdf(-crit - shift);
  };
  let lo = 0;
  let hi = 1;
  while (powerAt(hi) < power) {
    lo = hi;
    hi *= 2;
    if (!Number.isFinite(hi)) fail('no sample size reaches the requested power', ['mde']);
  }
  for (let i = 0; i < 2000; i++) {
    const mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi) break;
    if (powerAt(mid) < power) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * Sample size and duration of an A/B test: units per variant to detect a relative change `mde`
 * with a two-sided test at `alpha` and `power`, each treatment against control (no correction
 * for more variants), by statsmodels 0.13.5 `NormalIndPower().solve_power(effect_size, alpha,
 * power, ratio=1, alternative='two-sided')` — for a proportion with Cohen's h =
 * 2·asin√(rate(1 + mde)) − 2·asin√rate (`proportion_effectsize`, through the stats area's
 * `sampleSize`), for a mean with d = mde·|mean|/sd (the normal approximation of the t-test:
 * statsmodels' `tt_ind_solve_power` asks for 1–2 more units per variant, see the fixture). Total = units per variant ×
 * variants; days = ⌈total / dailyUnits⌉.
 *
 * @throws InvalidInputError for rates outside (0, 1), a zero mde, power ≤ alpha.
 */
export function planAbTest(input: TPlanAbTestInput): TAbTestPlan {
  const p = parseWith(ZPlanAbTestInputSchema, input);
  const alpha = p.alpha ?? 0.05;
  const power = p.power ?? 0.8;
  const variants = p.variants ?? 2;
  let exact: number;
  let effectSize: number;
  if (p.baseline.kind === 'proportion') {
    const r = sampleSize(p.baseline.rate, p.baseline.rate * p.mde, { alpha, power });
    exact = r.perGroup;
    effectSize = r.effectSize;
  } else {
    effectSize = (p.mde * Math.abs(p.baseline.mean)) / p.baseline.sd;
    exact = normalIndSolve(effectSize, alpha, power);
  }
  const unitsPerVariant = Math.ceil(exact);
  const totalUnits = unitsPerVariant * variants;
  return {
    unitsPerVariant,
    totalUnits,
    days: p.dailyUnits === undefined ? null : Math.ceil(totalUnits / p.dailyUnits),
    unitsPerVariantExact: exact,
    effectSize,
    reference: 'statsmodels 0.13.5 NormalIndPower.solve_power (two-sided, ratio 1)',
  };
}
