import { z } from 'zod';
import { InvalidInputError } from '../errors/index.js';
import { assertFiniteNumbers } from '../guards/index.js';
import { defineMetric } from '../metrics/defineMetric.js';
import { studentTCdf, studentTSf } from './distributions/index.js';
import { checkChoice } from './schemas.js';

export type TTestAlternative = 'two-sided' | 'less' | 'greater';

/** Summary statistics of one sample; `std` is the sample standard deviation (ddof 1). */
export interface SampleSummary {
  mean: number;
  std: number;
  n: number;
}

export const ZWelchResultSchema = z.object({ t: z.number(), df: z.number(), pValue: z.number() });
export type TWelchResult = z.infer<typeof ZWelchResultSchema>;

function summarize(name: string, values: readonly number[]): SampleSummary {
  assertFiniteNumbers(name, values);
  const n = values.length;
  if (n < 2) {
    const message = `${name} has ${n} observation(s); each sample needs at least 2 observations`;
    throw new InvalidInputError(message, [{ path: [name], message }]);
  }
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { mean, std: Math.sqrt(squares / (n - 1)), n };
}

/**
 * Welch's t-test from summary statistics, difference A − B: t = (x̄A − x̄B)/√(sA²/nA + sB²/nB) with
 * the Welch–Satterthwaite degrees of freedom.
 *
 * Reference: SciPy 1.10.1 `ttest_ind_from_stats(..., equal_var=False, alternative)`.
 *
 * @throws InvalidInputError when a sample has fewer than 2 observations or both variances are 0.
 */
export function welchTTestFromStats(
  a: SampleSummary,
  b: SampleSummary,
  options: { alternative?: TTestAlternative } = {},
): TWelchResult {
  const { alternative = 'two-sided' } = options;
  checkChoice('alternative', alternative, ['two-sided', 'less', 'greater']);
  for (const [name, s] of [
    ['A', a],
    ['B', b],
  ] as const) {
    if (!(Number.isInteger(s.n) && s.n >= 2)) {
      const message = `n${name} is ${s.n}; each sample needs at least 2 observations`;
      throw new InvalidInputError(message, [{ path: [`n${name}`], message }]);
    }
    if (!(Number.isFinite(s.std) && s.std >= 0) || !Number.isFinite(s.mean)) {
      const message = `mean${name}/std${name} must be finite with std${name} ≥ 0`;
      throw new InvalidInputError(message, [{ path: [`std${name}`], message }]);
    }
  }
  const va = (a.std * a.std) / a.n;
  const vb = (b.std * b.std) / b.n;
  if (va + vb === 0) {
    const message = 'both samples have zero variance: t undefined';
    throw new InvalidInputError(message, [{ path: ['b'], message }]);
  }
  const df = (va + vb) ** 2 / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  const t = (a.mean - b.mean) / Math.sqrt(va + vb);
  const pValue =
    alternative === 'less'
      ? studentTCdf(t, df)
      : alternative === 'greater'
        ? studentTSf(t, df)
        : 2 * studentTCdf(-Math.abs(t), df);
  return { t, df, pValue };
}

/**
 * Welch's t-test (unequal variances) on two raw samples, difference mean(a) − mean(b).
 *
 * Reference: SciPy 1.10.1 `ttest_ind(a, b, equal_var=False, alternative)`.
 */
export function welchTTest(
  a: readonly number[],
  b: readonly number[],
  options: { alternative?: TTestAlternative } = {},
): TWelchResult {
  return welchTTestFromStats(summarize('a', a), summarize('b', b), options);
}

const ZRawSamplesSchema = z.strictObject({
  a: z.array(z.number()).meta({ description: 'Observations of arm A.' }),
  b: z.array(z.number()).meta({ description: 'Observations of arm B.' }),
});
const ZSummarySchema = z.strictObject({
  meanA: z.number(),
  stdA: z.number().nonnegative().meta({ description: 'Sample standard deviation (ddof 1).' }),
  nA: z.number().int().min(2),
  meanB: z.number(),
  stdB: z.number().nonnegative().meta({ description: 'Sample standard deviation (ddof 1).' }),
  nB: z.number().int().min(2),
});

export const welchTTestMetric = defineMetric({
  name: 'welchTTest',
  family: 'stats',
  description:
    "Welch's unequal-variance t-test for mean(A) − mean(B), from raw samples or summary statistics (SciPy ttest_ind).",
  input: z.union([ZRawSamplesSchema, ZSummarySchema], {
    error: 'expected { a, b } (raw samples) or { meanA, stdA, nA, meanB, stdB, nB }',
  }),
  params: z.strictObject({
    alternative: z
      .enum(['two-sided', 'less', 'greater'])
      .default('two-sided')
      .meta({ description: 'H1: means differ, mean(A) < mean(B) (less), or > (greater).' }),
  }),
  result: ZWelchResultSchema,
  compute: (input, params) =>
    'a' in input
      ? welchTTest(input.a, input.b, params)
      : welchTTestFromStats(
          { mean: input.meanA, std: input.stdA, n: input.nA },
          { mean: input.meanB, std: input.stdB, n: input.nB },
          params,
        ),
});
