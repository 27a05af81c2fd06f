import { z } from 'zod';
import { InvalidInputError } from '../errors/index.js';
import { assertFiniteNumbers, assertSameLength } from '../guards/index.js';
import { defineMetric } from '../metrics/defineMetric.js';
import { studentTCdf, studentTSf } from './distributions/index.js';
import { checkChoice } from './schemas.js';
import type { TTestAlternative } from './welchTTest.js';

export interface PairedTTestOptions {
  /** H1 about mean(a − b): ≠ 0, < 0 (less) or > 0 (greater). @default 'two-sided' */
  alternative?: TTestAlternative;
}

export const ZPairedTTestResultSchema = z.object({
  t: z.number(),
  df: z.number().int(),
  pValue: z.number(),
  meanDifference: z.number().meta({ description: 'mean(a − b).' }),
  standardError: z.number().meta({ description: 'std(a − b, ddof 1)/√n.' }),
});
export type TPairedTTestResult = z.infer<typeof ZPairedTTestResultSchema>;

/**
 * Paired (related-samples) t-test of mean(a − b): t = d̄/(s_d/√n), n − 1 degrees of freedom.
 *
 * Reference: SciPy 1.10.1 `scipy.stats.ttest_rel(a, b, alternative)`.
 * SciPy returns NaN (all differences equal and zero) or ±∞ (all equal, non-zero) when the
 * differences have no spread; this throws instead, as t is undefined there.
 *
 * @example pairedTTest([1, 2, 3.5], [0.5, 2.5, 2]) // → { t: 0.8, df: 2, pValue: 0.507… }
 * @throws InvalidInputError when a or b holds a non-finite value, their lengths differ, there are
 * fewer than 2 pairs, or every difference is the same.
 */
export function pairedTTest(
  a: readonly number[],
  b: readonly number[],
  options: PairedTTestOptions = {},
): TPairedTTestResult {
  const { alternative = 'two-sided' } = options;
  checkChoice('alternative', alternative, ['two-sided', 'less', 'greater']);
  assertFiniteNumbers('a', a);
  assertFiniteNumbers('b', b);
  assertSameLength('a', a, 'b', b, 'values');
  const n = a.length;
  if (n < 2) {
    const message = `a has ${n} pair(s); the paired t-test needs at least 2`;
    throw new InvalidInputError(message, [{ path: ['a'], message }]);
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (a[i] as number) - (b[i] as number);
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += ((a[i] as number) - (b[i] as number) - mean) ** 2;
  const standardError = Math.sqrt(squares / (n - 1) / n);
  if (standardError === 0) {
    const message = 'every difference a − b is the same: t is undefined (zero variance)';
    throw new InvalidInputError(message, [{ path: ['b'], message }]);
  }
  const t = mean / standardError;
  const df = n - 1;
  const pValue =
    alternative === 'less'
      ? studentTCdf(t, df)
      : alternative === 'greater'
        ? studentTSf(t, df)
        : Math.min(1, 2 * studentTCdf(-Math.abs(t), df));
  return { t, df, pValue, meanDifference: mean, standardError };
}

export const pairedTTestMetric = defineMetric({
  name: 'pairedTTest',
  family: 'stats',
  description:
    'Paired t-test of mean(a − b) on per-row values of two systems on the same rows (SciPy ttest_rel).',
  input: z.strictObject({
    a: z.array(z.number()).meta({ description: 'Per-row values of system A.' }),
    b: z.array(z.number()).meta({ description: 'Per-row values of system B (same rows).' }),
  }),
  params: z.strictObject({
    alternative: z
      .enum(['two-sided', 'less', 'greater'])
      .default('two-sided')
      .meta({ description: 'H1: mean(a − b) ≠ 0, < 0 (less) or > 0 (greater).' }),
  }),
  result: ZPairedTTestResultSchema,
  compute: (input, params) => pairedTTest(input.a, input.b, params),
});
