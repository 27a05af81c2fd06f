import { z } from 'zod';
import { InvalidInputError } from '../errors/index.js';
import { defineMetric } from '../metrics/defineMetric.js';
import { normalCdf, normalIsf, normalPpf, normalSf } from './distributions/index.js';
import { checkChoice } from './schemas.js';

export type PowerAlternative = 'two-sided' | 'larger' | 'smaller';

export interface SampleSizeOptions {
  /** Significance level. @default 0.05 */
  alpha?: number;
  /** Desired power 1 − β. @default 0.8 */
  power?: number;
  /** @default 'two-sided' */
  alternative?: PowerAlternative;
}

export const ZSampleSizeResultSchema = z.object({
  perGroup: z.number(),
  perGroupCeil: z.number().int(),
  effectSize: z.number(),
});
export type TSampleSizeResult = z.infer<typeof ZSampleSizeResultSchema>;

/** statsmodels `normal_power(h, nobs, alpha, alternative)`. */
function normalPower(
  h: number,
  nobs: number,
  alpha: number,
  alternative: PowerAlternative,
): number {
  const a = alternative === 'two-sided' ? alpha / 2 : alpha;
  let power = 0;
  if (alternative !== 'smaller') power += normalSf(normalIsf(a) - h * Math.sqrt(nobs));
  if (alternative !== 'larger') power += normalCdf(normalPpf(a) - h * Math.sqrt(nobs));
  return power;
}

/**
 * Users per group needed to detect an absolute change `minimumDetectableEffect` of a conversion
 * rate with the given power: Cohen's h = 2·asin√p₁ − 2·asin√p₀ (p₁ = baseline + MDE) and n the
 * root of statsmodels' `NormalIndPower().power(h, n, alpha, ratio=1)` = power. The two-sided power
 * includes both tails, so this is not the closed-form approximation; the root is found by
 * bisection to full double precision.
 *
 * Reference: statsmodels 0.13.5 `proportion_effectsize` and `NormalIndPower.solve_power`.
 *
 * @throws InvalidInputError when rates leave (0, 1), the MDE is 0, alpha/power are not in (0, 1),
 * power ≤ alpha, or the one-sided alternative points away from the effect.
 */
export function sampleSize(
  baselineRate: number,
  minimumDetectableEffect: number,
  options: SampleSizeOptions = {},
): TSampleSizeResult {
  const { alpha = 0.05, power = 0.8, alternative = 'two-sided' } = options;
  checkChoice('alternative', alternative, ['two-sided', 'larger', 'smaller']);
  const fail = (path: string, message: string): never => {
    throw new InvalidInputError(message, [{ path: [path], message }]);
  };
  if (!(baselineRate > 0 && baselineRate < 1))
    fail('baselineRate', `baselineRate is ${baselineRate}; it must lie in (0, 1)`);
  if (minimumDetectableEffect === 0 || !Number.isFinite(minimumDetectableEffect)) {
    fail('minimumDetectableEffect', 'minimumDetectableEffect must be non-zero');
  }
  const treatment = baselineRate + minimumDetectableEffect;
  if (!(treatment > 0 && treatment < 1)) {
    fail(
      'minimumDetectableEffect',
      `baselineRate + minimumDetectableEffect is ${treatment}; baselineRate + minimumDetectableEffect must lie in (0, 1)`,
    );
  }
  if (!(alpha > 0 && alpha < 1)) fail('alpha', `alpha is ${alpha}; it must lie in (0, 1)`);
  if (!(power > alpha && power < 1)) fail('power', `power is ${power}; it must lie in (alpha, 1)`);
  const h = 2 * Math.asin(Math.sqrt(treatment)) - 2 * Math.asin(Math.sqrt(baselineRate));
  if ((alternative === 'larger' && h < 0) || (alternative === 'smaller' && h > 0)) {
    fail(
      'alternative',
      `alternative '${alternative}' cannot detect an effect of sign ${Math.sign(h)}; use 'two-sided' or the other side`,
    );
  }
  // n per group, ratio 1: statsmodels uses nobs = 1 / (1/n1 + 1/n2).
  const powerAt = (n: number) => normalPower(h, 1 / (1 / n + 1 / n), alpha, alternative);
  let lo = 0;
  let hi = 1;
  while (powerAt(hi) < power) {
    lo = hi;
    hi *= 2;
    if (!Number.isFinite(hi))
      fail('minimumDetectableEffect', 'no sample size reaches the requested power');
  }
  for (let i = 0; i < 2000; i++) {
    const mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi) break;
    if (powerAt(mid) < power) lo = mid;
    else hi = mid;
  }
  return { perGroup: hi, perGroupCeil: Math.ceil(hi), effectSize: h };
}

export const sampleSizeMetric = defineMetric({
  name: 'sampleSize',
  family: 'stats',
  description:
    "Users per group to detect an absolute conversion-rate change with given alpha and power (Cohen's h, statsmodels NormalIndPower).",
  input: z.strictObject({
    baselineRate: z.number().meta({ description: 'Control conversion rate p₀ ∈ (0, 1).' }),
    minimumDetectableEffect: z
      .number()
      .meta({ description: 'Absolute change to detect; treatment rate = baseline + MDE.' }),
  }),
  params: z.strictObject({
    alpha: z.number().gt(0).lt(1).default(0.05),
    power: z.number().gt(0).lt(1).default(0.8),
    alternative: z.enum(['two-sided', 'larger', 'smaller']).default('two-sided'),
  }),
  result: ZSampleSizeResultSchema,
  compute: (input, params) => sampleSize(input.baselineRate, input.minimumDetectableEffect, params),
});
