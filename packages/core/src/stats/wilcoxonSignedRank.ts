import { z } from 'zod';
import { InvalidInputError } from '../errors/index.js';
import { assertFiniteNumbers, assertNonEmpty, assertSameLength } from '../guards/index.js';
import { defineMetric } from '../metrics/defineMetric.js';
import { normalCdf, normalSf } from './distributions/index.js';
import { averageRanks } from './ranks.js';
import { checkChoice } from './schemas.js';
import type { TTestAlternative } from './welchTTest.js';

export type WilcoxonZeroMethod = 'wilcox' | 'pratt' | 'zsplit';
export type WilcoxonMethod = 'auto' | 'exact' | 'approx';

export interface WilcoxonSignedRankOptions {
  /** Zero differences: dropped (`wilcox`), ranked then dropped (`pratt`), split (`zsplit`). @default 'wilcox' */
  zeroMethod?: WilcoxonZeroMethod;
  /** Normal approximation: move the statistic ½ towards its mean. @default false */
  correction?: boolean;
  /** H1 about the differences d = a − b. @default 'two-sided' */
  alternative?: TTestAlternative;
  /** `auto`: exact when n ≤ 50 (SciPy 1.10), approx beyond; exact falls back to approx when any d = 0. @default 'auto' */
  method?: WilcoxonMethod;
}

export const ZWilcoxonResultSchema = z.object({
  statistic: z.number().meta({
    description: 'Two-sided: min(R+, R−); one-sided: R+ (SciPy 1.10 convention).',
  }),
  pValue: z.number(),
  method: z.enum(['exact', 'approx']),
  z: z.number().nullable().meta({ description: 'The normal approximation z; null when exact.' }),
  rPlus: z.number(),
  rMinus: z.number(),
});
export type TWilcoxonResult = z.infer<typeof ZWilcoxonResultSchema>;

function fail(path: (string | number)[], message: string): never {
  throw new InvalidInputError(message, [{ path, message }]);
}

/**
 * Null distribution of R+ for n untied non-zero differences (SciPy `_get_wilcoxon_distr`): each
 * rank k joins R+ with probability ½, so the pmf is built by halving and shifting by k.
 */
function wilcoxonPmf(n: number): Float64Array {
  let c = new Float64Array([1]);
  for (let k = 1; k <= n; k++) {
    const next = new Float64Array((k * (k + 1)) / 2 + 1);
    const m = c.length;
    for (let j = 0; j < m; j++) next[j] = (c[j] as number) * 0.5;
    const shift = next.length - m;
    for (let j = 0; j < m; j++)
      next[shift + j] = (next[shift + j] as number) + (c[j] as number) * 0.5;
    c = next;
  }
  return c;
}

function sum(values: Float64Array, from: number, to: number): number {
  let s = 0;
  for (let j = Math.max(0, from); j < Math.min(values.length, to); j++) s += values[j] as number;
  return s;
}

/**
 * Wilcoxon signed-rank test of paired values (are the differences d = a − b symmetric about 0?),
 * or of differences alone (`b` omitted).
 *
 * Reference: SciPy 1.10.1 `scipy.stats.wilcoxon(x, y, zero_method, correction, alternative,
 * method)`, reproduced step by step:
 * - `auto` chooses `exact` for n ≤ 50 differences (zeros included), else `approx`; `exact` with
 *   any zero difference falls back to `approx` (SciPy warns);
 * - ranks are mid-ranks of |d| (zeros dropped first for `wilcox` in approx; ranked and then
 *   dropped for `pratt`; half their ranks to each side for `zsplit`);
 * - approx: mean n(n+1)/4 and variance n(n+1)(2n+1)/24, less Σ(t³ − t)/48 over tie groups (and
 *   Cureton's adjustment for `pratt`'s zeros); the correction moves T ½ towards the mean;
 * - exact: SciPy's exact distribution ignores ties and truncates a half-integer R+ with `int()`,
 *   which this does too, so the p-values agree (they are then approximate, as SciPy's are).
 *
 * @example wilcoxonSignedRank([1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3],
 *   [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]) // → { statistic: 5, pValue: 0.0390625 }
 * @throws InvalidInputError when the input is empty, non-finite, of different lengths, or every
 * difference is zero with `wilcox`/`pratt` on the normal approximation.
 */
export function wilcoxonSignedRank(
  a: readonly number[],
  b?: readonly number[],
  options: WilcoxonSignedRankOptions = {},
): TWilcoxonResult {
  const {
    zeroMethod = 'wilcox',
    correction = false,
    alternative = 'two-sided',
    method = 'auto',
  } = options;
  checkChoice('zeroMethod', zeroMethod, ['wilcox', 'pratt', 'zsplit']);
  checkChoice('alternative', alternative, ['two-sided', 'less', 'greater']);
  checkChoice('method', method, ['auto', 'exact', 'approx']);
  assertNonEmpty('a', a);
  assertFiniteNumbers('a', a);
  let d: number[];
  if (b === undefined) {
    d = [...a];
  } else {
    assertFiniteNumbers('b', b);
    assertSameLength('a', a, 'b', b, 'values');
    d = a.map((v, i) => v - (b[i] as number));
  }
  let mode: 'exact' | 'approx' = method === 'auto' ? (d.length <= 50 ? 'exact' : 'approx') : method;
  const nZero = d.filter((v) => v === 0).length;
  if (nZero > 0 && mode === 'exact') mode = 'approx';
  if (mode === 'approx') {
    if (zeroMethod !== 'zsplit' && nZero === d.length)
      fail(['a'], `every difference is zero: zeroMethod '${zeroMethod}' leaves nothing to rank`);
    if (zeroMethod === 'wilcox') d = d.filter((v) => v !== 0);
  }
  const count = d.length;
  const { ranks } = averageRanks(d.map(Math.abs));
  let rPlus = 0;
  let rMinus = 0;
  let rZero = 0;
  for (let i = 0; i < count; i++) {
    const v = d[i] as number;
    if (v > 0) rPlus += ranks[i] as number;
    else if (v < 0) rMinus += ranks[i] as number;
    else rZero += ranks[i] as number;
  }
  if (zeroMethod === 'zsplit') {
    rPlus += rZero / 2;
    rMinus += rZero / 2;
  }
  const statistic = alternative === 'two-sided' ? Math.min(rPlus, rMinus) : rPlus;
  if (mode === 'approx') {
    let mean = count * (count + 1) * 0.25;
    let se = count * (count + 1) * (2 * count + 1);
    let tieRanks: number[] = Array.from(ranks);
    if (zeroMethod === 'pratt') {
      tieRanks = tieRanks.filter((_, i) => d[i] !== 0);
      mean -= nZero * (nZero + 1) * 0.25;
      se -= nZero * (nZero + 1) * (2 * nZero + 1);
    }
    for (const t of averageRanks(tieRanks).tieSizes) if (t > 1) se -= 0.5 * (t * (t * t - 1));
    se = Math.sqrt(se / 24);
    let shift = 0;
    if (correction) {
      if (alternative === 'two-sided') shift = 0.5 * Math.sign(statistic - mean);
      else shift = alternative === 'less' ? -0.5 : 0.5;
    }
    const zValue = (statistic - mean - shift) / se;
    const pValue =
      alternative === 'two-sided'
        ? 2 * normalSf(Math.abs(zValue))
        : alternative === 'greater'
          ? normalSf(zValue)
          : normalCdf(zValue);
    return { statistic, pValue, method: 'approx', z: zValue, rPlus, rMinus };
  }
  const pmf = wilcoxonPmf(count);
  const r = Math.trunc(rPlus);
  let pValue: number;
  if (alternative === 'two-sided') {
    pValue =
      r === Math.floor((pmf.length - 1) / 2)
        ? 1
        : 2 * Math.min(sum(pmf, r, pmf.length), sum(pmf, 0, r + 1));
  } else if (alternative === 'greater') {
    pValue = sum(pmf, r, pmf.length);
  } else {
    pValue = sum(pmf, 0, r + 1);
  }
  return {
    statistic,
    pValue: Math.min(Math.max(pValue, 0), 1),
    method: 'exact',
    z: null,
    rPlus,
    rMinus,
  };
}

export const wilcoxonSignedRankMetric = defineMetric({
  name: 'wilcoxonSignedRank',
  family: 'stats',
  description:
    'Wilcoxon signed-rank test of paired values a − b (or of differences), exact or normal approximation with zero and tie handling (SciPy wilcoxon).',
  input: z.strictObject({
    a: z.array(z.number()).meta({ description: 'Per-row values of system A, or the differences.' }),
    b: z.array(z.number()).optional().meta({
      description: 'Per-row values of system B (same rows); omit when a holds differences.',
    }),
  }),
  params: z.strictObject({
    zeroMethod: z.enum(['wilcox', 'pratt', 'zsplit']).default('wilcox'),
    correction: z.boolean().default(false),
    alternative: z.enum(['two-sided', 'less', 'greater']).default('two-sided'),
    method: z
      .enum(['auto', 'exact', 'approx'])
      .default('auto')
      .meta({ description: 'auto: exact when n ≤ 50 and no zero difference (SciPy 1.10).' }),
  }),
  result: ZWilcoxonResultSchema,
  compute: (input, params) => wilcoxonSignedRank(input.a, input.b, params),
});
