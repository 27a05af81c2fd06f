import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import { assertFiniteNumbers } from '../../guards/index.js';
import {
  type BootstrapMeanDifferenceOptions,
  bootstrapMeanDifference,
  ZBootstrapMeanDifferenceResultSchema,
} from '../../stats/bootstrapMeanDifference.js';
import { mannWhitneyU, ZMannWhitneyResultSchema } from '../../stats/mannWhitneyU.js';
import { welchTTest, ZWelchResultSchema } from '../../stats/welchTTest.js';
import { defineMetric } from '../defineMetric.js';

export interface CompareReturnsOptions extends BootstrapMeanDifferenceOptions {}

const ZReturnsSummarySchema = z.object({
  n: z.number().int().describe('Episodes'),
  mean: z.number().describe('Mean return'),
  std: z.number().describe('Sample standard deviation of the returns (ddof 1; 0 for one episode)'),
});

export const ZCompareReturnsResultSchema = z.object({
  a: ZReturnsSummarySchema,
  b: ZReturnsSummarySchema,
  welch: ZWelchResultSchema.nullable().describe(
    "Welch's t-test of mean(A) − mean(B) (SciPy ttest_ind, equal_var=False); null when undefined (see notes)",
  ),
  mannWhitney: ZMannWhitneyResultSchema.describe(
    'Mann–Whitney U of A vs B (SciPy mannwhitneyu, method auto: exact when both samples ≤ 8 episodes and no tie)',
  ),
  bootstrap: ZBootstrapMeanDifferenceResultSchema.describe(
    'Percentile bootstrap interval of mean(A) − mean(B), samples resampled independently (SciPy bootstrap, paired=False)',
  ),
  notes: z.array(z.string()).describe('Why a statistic is missing'),
});
export type TCompareReturnsResult = z.infer<typeof ZCompareReturnsResultSchema>;

/**
 * Compares two agents on their episode returns: Welch's t-test (two-sided), the Mann–Whitney U
 * test (two-sided, SciPy's automatic choice between exact and asymptotic) and the percentile
 * bootstrap interval of the difference in mean return, A − B.
 *
 * Reference: SciPy 1.10.1 `ttest_ind(a, b, equal_var=False)`, `mannwhitneyu(a, b)` and `bootstrap`
 * as in {@link bootstrapMeanDifference}; `scripts/reference/rl_compare.py` writes the cases.
 *
 * Welch's test needs two episodes per agent and some variance: otherwise it is `null` and a note
 * says why (the rank test and the interval still answer).
 *
 * @throws InvalidInputError when an agent has no episode or a return is not finite.
 */
export function compareReturns(
  a: readonly number[],
  b: readonly number[],
  options: CompareReturnsOptions = {},
): TCompareReturnsResult {
  for (const [name, xs] of [
    ['a', a],
    ['b', b],
  ] as const) {
    if (xs.length === 0) {
      const message = `${name} has no episode; each agent needs at least one episode return`;
      throw new InvalidInputError(message, [{ path: [name], message }]);
    }
    assertFiniteNumbers(name, xs);
  }
  const notes: string[] = [];
  let welch: TCompareReturnsResult['welch'] = null;
  if (a.length < 2 || b.length < 2) {
    notes.push("Welch's t-test needs at least 2 episodes per agent");
  } else if (summary(a).std === 0 && summary(b).std === 0) {
    notes.push("Welch's t-test is undefined: both agents' returns have zero variance");
  } else {
    welch = welchTTest(a, b);
  }
  return {
    a: summary(a),
    b: summary(b),
    welch,
    mannWhitney: mannWhitneyU(a, b),
    bootstrap: bootstrapMeanDifference(a, b, options),
    notes,
  };
}

function summary(xs: readonly number[]): z.infer<typeof ZReturnsSummarySchema> {
  const n = xs.length;
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / n;
  let squares = 0;
  for (const x of xs) squares += (x - mean) ** 2;
  return { n, mean, std: n < 2 ? 0 : Math.sqrt(squares / (n - 1)) };
}

export const compareReturnsMetric = defineMetric({
  name: 'compareReturns',
  family: 'rl',
  description:
    "Two agents' episode returns compared: Welch's t-test, Mann–Whitney U and the percentile bootstrap interval of the difference in mean return (SciPy ttest_ind, mannwhitneyu, bootstrap).",
  input: z.strictObject({
    a: z.array(z.number()).meta({ description: "Agent A's return per episode." }),
    b: z.array(z.number()).meta({ description: "Agent B's return per episode." }),
  }),
  params: z.strictObject({
    nResamples: z.number().int().min(1).max(100_000).default(1000),
    confidenceLevel: z.number().gt(0).lt(1).default(0.95),
    seed: z.number().int().min(0).default(0),
  }),
  result: ZCompareReturnsResultSchema,
  compute: (input, params) => compareReturns(input.a, input.b, params),
});
