import betaincinv from '@stdlib/math-base-special-betaincinv';
import { z } from 'zod';
import { InvalidInputError } from '../errors/index.js';
import { defineMetric } from '../metrics/defineMetric.js';
import { binomialCdf, binomialPmf, binomialSf } from './distributions/index.js';
import { checkChoice, ZCountSchema } from './schemas.js';
import type { TTestAlternative } from './welchTTest.js';

export interface BinomTestOptions {
  /** Success probability under H0 (chance level). @default 0.5 */
  p?: number;
  /** @default 'two-sided' */
  alternative?: TTestAlternative;
}

export const ZBinomTestResultSchema = z.object({
  pValue: z.number(),
  proportion: z.number(),
  ci95: z.tuple([z.number(), z.number()]),
});
export type TBinomTestResult = z.infer<typeof ZBinomTestResultSchema>;

/** SciPy's `_binary_search_for_binom_tst`: i in [lo, hi] with a(i) ≤ d < a(i + 1). */
function binarySearch(a: (x: number) => number, d: number, lo0: number, hi0: number): number {
  let lo = lo0;
  let hi = hi0;
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const value = a(mid);
    if (value < d) lo = mid + 1;
    else if (value > d) hi = mid - 1;
    else return mid;
  }
  return a(lo) <= d ? lo : lo - 1;
}

/**
 * Exact binomial test (e.g. a Turing test: do judges spot the machine more often than chance?),
 * with the two-sided Clopper–Pearson 95 % interval of the proportion.
 *
 * Reference: SciPy 1.10.1 `binomtest(k, n, p, alternative)` and `.proportion_ci(0.95, 'exact')`.
 * The two-sided p-value sums the probabilities of every outcome no more likely than k, with SciPy's
 * relative slack pmf ≤ pmf(k)·(1 + 1e−7), found by its binary search on the far side of the mode.
 *
 * @throws InvalidInputError when k > n, n = 0 or p ∉ [0, 1].
 */
export function binomTest(
  successes: number,
  trials: number,
  options: BinomTestOptions = {},
): TBinomTestResult {
  const { p = 0.5, alternative = 'two-sided' } = options;
  checkChoice('alternative', alternative, ['two-sided', 'less', 'greater']);
  const fail = (path: string, message: string): never => {
    throw new InvalidInputError(message, [{ path: [path], message }]);
  };
  if (!(Number.isInteger(trials) && trials >= 1))
    fail('trials', `trials is ${trials}; expected a positive integer`);
  if (!(Number.isInteger(successes) && successes >= 0))
    fail('successes', `successes is ${successes}; expected a non-negative integer`);
  if (successes > trials)
    fail(
      'successes',
      `successes (${successes}) exceeds trials (${trials}); successes cannot exceed trials`,
    );
  if (!(p >= 0 && p <= 1)) fail('p', `p is ${p}; p must lie in [0, 1]`);
  const k = successes;
  const n = trials;
  let pValue: number;
  if (alternative === 'less') {
    pValue = binomialCdf(k, n, p);
  } else if (alternative === 'greater') {
    pValue = binomialSf(k - 1, n, p);
  } else {
    const d = binomialPmf(k, n, p);
    const rerr = 1 + 1e-7;
    if (k === p * n) {
      pValue = 1;
    } else if (k < p * n) {
      const ix = binarySearch((x) => -binomialPmf(x, n, p), -d * rerr, Math.ceil(p * n), n);
      const y = n - ix + (d * rerr === binomialPmf(ix, n, p) ? 1 : 0);
      pValue = binomialCdf(k, n, p) + binomialSf(n - y, n, p);
    } else {
      const ix = binarySearch((x) => binomialPmf(x, n, p), d * rerr, 0, Math.floor(p * n));
      const y = ix + 1;
      pValue = binomialCdf(y - 1, n, p) + binomialSf(k - 1, n, p);
    }
    pValue = Math.min(1, pValue);
  }
  const alpha = (1 - 0.95) / 2;
  const low = k === 0 ? 0 : betaincinv(alpha, k, n - k + 1);
  const high = k === n ? 1 : betaincinv(alpha, k + 1, n - k, true);
  return { pValue, proportion: k / n, ci95: [low, high] };
}

export const binomTestMetric = defineMetric({
  name: 'binomTest',
  family: 'stats',
  description:
    'Exact binomial test against a chance level (Turing tests) with the Clopper–Pearson 95 % interval (SciPy binomtest).',
  input: z.strictObject({
    successes: ZCountSchema.meta({ description: 'Successes (e.g. correct identifications).' }),
    trials: ZCountSchema.meta({ description: 'Trials.' }),
  }),
  params: z.strictObject({
    p: z.number().default(0.5).meta({ description: 'Success probability under H0, in [0, 1].' }),
    alternative: z.enum(['two-sided', 'less', 'greater']).default('two-sided'),
  }),
  result: ZBinomTestResultSchema,
  compute: (input, params) => binomTest(input.successes, input.trials, params),
});
