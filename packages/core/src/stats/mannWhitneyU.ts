import { z } from 'zod';
import { assertFiniteNumbers, assertNonEmpty } from '../guards/index.js';
import { defineMetric } from '../metrics/defineMetric.js';
import { normalSf } from './distributions/index.js';
import { averageRanks } from './ranks.js';
import { checkChoice } from './schemas.js';
import type { TTestAlternative } from './welchTTest.js';

export type MannWhitneyMethod = 'auto' | 'exact' | 'asymptotic';

export interface MannWhitneyUOptions {
  /** H1 about a relative to b (`greater`: a tends to be larger). @default 'two-sided' */
  alternative?: TTestAlternative;
  /** `auto` as SciPy: asymptotic if both samples > 8 or any tie, else exact. @default 'auto' */
  method?: MannWhitneyMethod;
  /** Continuity correction (asymptotic only). @default true */
  useContinuity?: boolean;
}

export const ZMannWhitneyResultSchema = z.object({
  u: z.number(),
  pValue: z.number(),
  method: z.enum(['exact', 'asymptotic']),
});
export type TMannWhitneyResult = z.infer<typeof ZMannWhitneyResultSchema>;

/**
 * Counts of the null distribution of U for sample sizes m, n: the coefficients of the Gaussian
 * binomial [m+n choose m]_q, built as ∏ᵢ (1 − q^{n+i})/(1 − q^i). Their sum is C(m+n, m).
 */
function uCounts(m: number, n: number): Float64Array {
  const c = new Float64Array(m * n + m + 1);
  c[0] = 1;
  for (let i = 1; i <= m; i++) {
    const step = n + i;
    for (let k = c.length - 1; k >= step; k--) c[k] = (c[k] as number) - (c[k - step] as number);
    for (let k = i; k < c.length; k++) c[k] = (c[k] as number) + (c[k - i] as number);
  }
  return c.subarray(0, m * n + 1);
}

/** P(U ≥ u) under the null, exact (SciPy `_mwu_state.sf`, by symmetry a CDF at mn − u). */
function exactSf(u: number, m: number, n: number): number {
  const counts = uCounts(m, n);
  const k = m * n - Math.trunc(u);
  let below = 0;
  let total = 0;
  for (let j = 0; j < counts.length; j++) {
    total += counts[j] as number;
    if (j <= k) below += counts[j] as number;
  }
  return below / total;
}

/**
 * Mann–Whitney U test (Wilcoxon rank-sum) of two independent samples.
 *
 * Reference: SciPy 1.10.1 `mannwhitneyu(a, b, use_continuity, alternative, method)`:
 * u = U of sample a = rank-sum(a) − nₐ(nₐ + 1)/2 with mid-ranks for ties; the p-value uses
 * U = max(Uₐ, U_b) (two-sided, doubled and capped at 1), Uₐ (greater) or U_b (less).
 * Asymptotic: z = (U − nₐn_b/2 − ½)/σ with σ² = nₐn_b/12·((n + 1) − Σ(t³ − t)/(n(n − 1))).
 * Exact: the null distribution of U (no tie correction, as SciPy).
 *
 * @throws InvalidInputError when a sample is empty or holds a non-finite value.
 */
export function mannWhitneyU(
  a: readonly number[],
  b: readonly number[],
  options: MannWhitneyUOptions = {},
): TMannWhitneyResult {
  const { alternative = 'two-sided', method = 'auto', useContinuity = true } = options;
  checkChoice('alternative', alternative, ['two-sided', 'less', 'greater']);
  checkChoice('method', method, ['auto', 'exact', 'asymptotic']);
  assertNonEmpty('a', a);
  assertNonEmpty('b', b);
  assertFiniteNumbers('a', a);
  assertFiniteNumbers('b', b);
  const n1 = a.length;
  const n2 = b.length;
  const { ranks, tieSizes } = averageRanks([...a, ...b]);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i] as number;
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const [u, factor] =
    alternative === 'greater' ? [u1, 1] : alternative === 'less' ? [u2, 1] : [Math.max(u1, u2), 2];
  const hasTies = tieSizes.some((t) => t > 1);
  const chosen: 'exact' | 'asymptotic' =
    method === 'auto' ? ((n1 > 8 && n2 > 8) || hasTies ? 'asymptotic' : 'exact') : method;
  let p: number;
  if (chosen === 'exact') {
    p = exactSf(u, Math.max(n1, n2), Math.min(n1, n2));
  } else {
    const n = n1 + n2;
    let tieTerm = 0;
    for (const t of tieSizes) tieTerm += t ** 3 - t;
    const s = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    const numerator = u - (n1 * n2) / 2 - (useContinuity ? 0.5 : 0);
    p = normalSf(numerator / s);
  }
  p = Math.min(Math.max(p * factor, 0), 1);
  return { u: u1, pValue: p, method: chosen };
}

export const mannWhitneyUMetric = defineMetric({
  name: 'mannWhitneyU',
  family: 'stats',
  description:
    'Mann–Whitney U test of two samples, exact or asymptotic with tie and continuity corrections (SciPy mannwhitneyu).',
  input: z.strictObject({
    a: z.array(z.number()).meta({ description: 'Sample A.' }),
    b: z.array(z.number()).meta({ description: 'Sample B.' }),
  }),
  params: z.strictObject({
    alternative: z.enum(['two-sided', 'less', 'greater']).default('two-sided'),
    method: z
      .enum(['auto', 'exact', 'asymptotic'])
      .default('auto')
      .meta({ description: 'auto: asymptotic if both samples > 8 or any tie, else exact.' }),
    useContinuity: z.boolean().default(true),
  }),
  result: ZMannWhitneyResultSchema,
  compute: (input, params) => mannWhitneyU(input.a, input.b, params),
});
