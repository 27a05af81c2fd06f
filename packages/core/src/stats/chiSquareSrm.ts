import { z } from 'zod';
import { InvalidInputError } from '../errors/index.js';
import { assertFiniteNumbers, assertSameLength } from '../guards/index.js';
import { defineMetric } from '../metrics/defineMetric.js';
import { chiSquareSf } from './distributions/index.js';

export const ZChiSquareResultSchema = z.object({
  chi2: z.number(),
  pValue: z.number(),
  df: z.number().int(),
});
export type TChiSquareResult = z.infer<typeof ZChiSquareResultSchema>;

/**
 * Pearson's chi-square test of observed counts against expected counts:
 * χ² = Σ (oᵢ − eᵢ)²/eᵢ, df = k − 1, p = P(χ²_df > χ²) (SciPy 1.10.1 `chisquare(f_obs, f_exp)`).
 */
export function chiSquareTest(
  observed: readonly number[],
  expected: readonly number[],
): TChiSquareResult {
  let chi2 = 0;
  observed.forEach((o, i) => {
    const e = expected[i] as number;
    chi2 += (o - e) ** 2 / e;
  });
  const df = observed.length - 1;
  return { chi2, pValue: chiSquareSf(chi2, df), df };
}

/** Checks counts: at least two categories, finite, non-negative, not all zero. */
export function checkCounts(name: string, counts: readonly number[]): number {
  assertFiniteNumbers(name, counts);
  if (counts.length < 2) {
    const message = `${name} has ${counts.length} categories; at least two are required`;
    throw new InvalidInputError(message, [{ path: [name], message }]);
  }
  let total = 0;
  counts.forEach((c, i) => {
    if (c < 0) {
      const message = `${name}[${i}] is ${c}; counts must be non-negative`;
      throw new InvalidInputError(message, [{ path: [name, i], message }]);
    }
    total += c;
  });
  if (total === 0) {
    const message = `${name} sums to 0; at least one observation is required`;
    throw new InvalidInputError(message, [{ path: [name], message }]);
  }
  return total;
}

/**
 * Sample-ratio mismatch check: are the users split between arms as designed? Chi-square
 * goodness of fit of the observed counts against the designed ratios (normalised, so `[1, 1, 1]`
 * and `[0.5, 0.5]` both work). A small p-value means the assignment is broken and the experiment's
 * results should not be trusted.
 *
 * Reference: SciPy 1.10.1 `chisquare(observed, f_exp = ratios / Σ ratios · Σ observed)`.
 *
 * @throws InvalidInputError when the lengths differ, a count is negative or a ratio is not > 0.
 */
export function chiSquareSrm(
  observed: readonly number[],
  expectedRatios: readonly number[],
): TChiSquareResult {
  assertSameLength('observed', observed, 'expectedRatios', expectedRatios, 'categories');
  const total = checkCounts('observed', observed);
  assertFiniteNumbers('expectedRatios', expectedRatios);
  let ratioSum = 0;
  expectedRatios.forEach((r, i) => {
    if (!(r > 0)) {
      const message = `expectedRatios[${i}] is ${r}; ratios must be positive`;
      throw new InvalidInputError(message, [{ path: ['expectedRatios', i], message }]);
    }
    ratioSum += r;
  });
  return chiSquareTest(
    observed,
    expectedRatios.map((r) => (r / ratioSum) * total),
  );
}

export const chiSquareSrmMetric = defineMetric({
  name: 'chiSquareSrm',
  family: 'stats',
  description:
    'Sample-ratio mismatch: chi-square test of arm sizes against the designed split (SciPy chisquare).',
  input: z.strictObject({
    observed: z.array(z.number()).meta({ description: 'Users (or units) per arm.' }),
    expectedRatios: z
      .array(z.number())
      .meta({ description: 'Designed split per arm (normalised; [1, 1] = 50/50).' }),
  }),
  params: z.strictObject({}),
  result: ZChiSquareResultSchema,
  compute: (input) => chiSquareSrm(input.observed, input.expectedRatios),
});
