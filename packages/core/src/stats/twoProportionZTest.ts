import { z } from 'zod';
import { InvalidInputError } from '../errors/index.js';
import { defineMetric } from '../metrics/defineMetric.js';
import { normalCdf, normalIsf, normalSf } from './distributions/index.js';
import { checkArm, checkChoice, ZTwoProportionInputSchema } from './schemas.js';

export type ProportionAlternative = 'two-sided' | 'larger' | 'smaller';

export interface TwoProportionZTestOptions {
  /** H1: pA ≠ pB (`two-sided`), pA > pB (`larger`), pA < pB (`smaller`). @default 'two-sided' */
  alternative?: ProportionAlternative;
}

export const ZTwoProportionZTestResultSchema = z.object({
  z: z.number(),
  pValue: z.number(),
  diff: z.number(),
  ci95: z.tuple([z.number(), z.number()]),
});
export type TTwoProportionZTestResult = z.infer<typeof ZTwoProportionZTestResultSchema>;

/**
 * Two-proportion z-test for an A/B test, difference A − B: z = (p̂A − p̂B) / √(p̄(1 − p̄)(1/nA +
 * 1/nB)) with the pooled proportion p̄, and the unpooled Wald 95 % interval
 * (p̂A − p̂B) ± z₀.₉₇₅·√(p̂A(1 − p̂A)/nA + p̂B(1 − p̂B)/nB) (always two-sided).
 *
 * Reference: statsmodels 0.13.5 `proportions_ztest([sA, sB], [nA, nB], alternative)` and
 * `confint_proportions_2indep(method='wald', compare='diff')`.
 *
 * @throws InvalidInputError on invalid counts or when the pooled proportion is 0 or 1 (no
 * variance; statsmodels returns NaN).
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
  const pA = successesA / trialsA;
  const pB = successesB / trialsB;
  const diff = pA - pB;
  const pooled = (successesA + successesB) / (trialsA + trialsB);
  const variance = pooled * (1 - pooled) * (1 / trialsA + 1 / trialsB);
  if (!(variance > 0)) {
    const message = `the pooled proportion is ${pooled}: with no variance the z statistic is undefined`;
    throw new InvalidInputError(message, [{ path: ['successesA'], message }]);
  }
  const z = diff / Math.sqrt(variance);
  const pValue =
    alternative === 'two-sided'
      ? normalSf(Math.abs(z)) * 2
      : alternative === 'larger'
        ? normalSf(z)
        : normalCdf(z);
  const crit = normalIsf(0.025);
  const halfWidth = crit * Math.sqrt((pA * (1 - pA)) / trialsA + (pB * (1 - pB)) / trialsB);
  return { z, pValue, diff, ci95: [diff - halfWidth, diff + halfWidth] };
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
