import { z } from 'zod';
import { defineMetric } from '../metrics/defineMetric.js';
import { nanableNumber } from '../schemas/index.js';
import { normalCdf, normalIsf, normalSf } from './distributions/index.js';
import { checkArm, checkChoice, ZTwoProportionInputSchema } from './schemas.js';

export type ProportionAlternative = 'two-sided' | 'larger' | 'smaller';

export interface TwoProportionZTestOptions {
  /** H1: pA ≠ pB (`two-sided`), pA > pB (`larger`), pA < pB (`smaller`). @default 'two-sided' */
  alternative?: ProportionAlternative;
}

export const ZTwoProportionZTestResultSchema = z.object({
  z: nanableNumber('The z statistic;'),
  pValue: nanableNumber('The p-value;'),
  diff: z.number(),
  ci95: z.tuple([z.number(), z.number()]),
});
export type TTwoProportionZTestResult = z.infer<typeof ZTwoProportionZTestResultSchema>;

/** The test at any level: `ci` is the unpooled Wald interval at 1 − `alpha`. */
export interface TwoProportionZ {
  z: number;
  pValue: number;
  diff: number;
  ci: [number, number];
}

/**
 * Two-proportion z-test, difference A − B: z = (p̂A − p̂B) / √(p̄(1 − p̄)(1/nA + 1/nB)) with the
 * pooled proportion p̄, and the unpooled Wald interval (p̂A − p̂B) ± z₁₋α/₂·√(p̂A(1 − p̂A)/nA +
 * p̂B(1 − p̂B)/nB) (always two-sided). With no successes anywhere, or no failures anywhere, the
 * pooled variance is 0 and z and the p-value are NaN, not an error, as in statsmodels. Counts are
 * not checked here: callers check them once (the metric below; the A/B analysis's schemas).
 *
 * Reference: statsmodels 0.13.5 `proportions_ztest([sA, sB], [nA, nB], alternative)` and
 * `confint_proportions_2indep(method='wald', compare='diff', alpha)`.
 */
export function twoProportionZ(
  successesA: number,
  trialsA: number,
  successesB: number,
  trialsB: number,
  alternative: ProportionAlternative = 'two-sided',
  alpha = 0.05,
): TwoProportionZ {
  const pA = successesA / trialsA;
  const pB = successesB / trialsB;
  const diff = pA - pB;
  const pooled = (successesA + successesB) / (trialsA + trialsB);
  // 0/0 when the pooled proportion is 0 or 1: NaN, as statsmodels' division gives.
  const z = diff / Math.sqrt(pooled * (1 - pooled) * (1 / trialsA + 1 / trialsB));
  const pValue =
    alternative === 'two-sided'
      ? normalSf(Math.abs(z)) * 2
      : alternative === 'larger'
        ? normalSf(z)
        : normalCdf(z);
  const halfWidth =
    normalIsf(alpha / 2) * Math.sqrt((pA * (1 - pA)) / trialsA + (pB * (1 - pB)) / trialsB);
  return { z, pValue, diff, ci: [diff - halfWidth, diff + halfWidth] };
}

/**
 * Two-proportion z-test for an A/B test, difference A − B, with the unpooled Wald 95 % interval
 * (see {@link twoProportionZ}); z and the p-value are NaN (JSON `null`) when neither arm has a
 * success, or neither a failure, as in statsmodels.
 *
 * Reference: statsmodels 0.13.5 `proportions_ztest([sA, sB], [nA, nB], alternative)` and
 * `confint_proportions_2indep(method='wald', compare='diff')`.
 *
 * @throws InvalidInputError on invalid counts or an unknown alternative.
 */
export function twoProportionZTest(
  successesA: number,
  trialsA: number,
  successesB: number,
  trialsB: number,
  options: TwoProportionZTestOptions = {},
): TTwoProportionZTestResult {
  const { alternative = 'two-sided' } = options;
  checkChoice('alternative', alternative, ['two-sided', 'larger', 'smaller']);
  checkArm(successesA, trialsA, 'A');
  checkArm(successesB, trialsB, 'B');
  const { z, pValue, diff, ci } = twoProportionZ(
    successesA,
    trialsA,
    successesB,
    trialsB,
    alternative,
  );
  return { z, pValue, diff, ci95: ci };
}

export const twoProportionZTestMetric = defineMetric({
  name: 'twoProportionZTest',
  family: 'stats',
  description:
    'Two-proportion z-test (pooled) for an A/B test, with the unpooled Wald 95 % interval of pA − pB (statsmodels).',
  input: ZTwoProportionInputSchema,
  params: z.strictObject({
    alternative: z
      .enum(['two-sided', 'larger', 'smaller'])
      .default('two-sided')
      .meta({ description: 'H1: pA ≠ pB, pA > pB (larger) or pA < pB (smaller).' }),
  }),
  result: ZTwoProportionZTestResultSchema,
  compute: (input, params) =>
    twoProportionZTest(input.successesA, input.trialsA, input.successesB, input.trialsB, params),
});
