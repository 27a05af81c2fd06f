import { z } from 'zod';
import { InvalidInputError } from '../errors/index.js';
import { assertFiniteNumbers, assertNonEmpty, assertSameLength } from '../guards/index.js';
import { type Label, uniqueLabels } from '../labels/index.js';
import { defineMetric } from '../metrics/defineMetric.js';
import { ZLabelSchema, ZLabelsSchema } from '../schemas/index.js';
import { normalPpf, normalSf } from './distributions/index.js';
import { averageRanks } from './ranks.js';

export interface DelongRocAucTestOptions {
  /** The positive class. @default the greater of the two sorted labels (scikit-learn's roc_auc_score) */
  posLabel?: Label;
  /** Confidence level of the interval of aucA − aucB, in (0, 1). @default 0.95 */
  level?: number;
}

export const ZDelongResultSchema = z.object({
  aucA: z.number().meta({ description: 'ROC AUC of scores A.' }),
  aucB: z.number().meta({ description: 'ROC AUC of scores B.' }),
  difference: z.number().meta({ description: 'aucA − aucB.' }),
  variance: z.number().meta({ description: 'DeLong variance of the difference.' }),
  standardError: z.number(),
  z: z.number(),
  pValue: z.number().meta({ description: 'Two-sided p-value of H0: aucA = aucB.' }),
  low: z.number().meta({ description: 'Lower bound of the normal interval of the difference.' }),
  high: z.number(),
  level: z.number(),
  nPositive: z.number().int(),
  nNegative: z.number().int(),
});
export type TDelongResult = z.infer<typeof ZDelongResultSchema>;

function fail(path: (string | number)[], message: string): never {
  throw new InvalidInputError(message, [{ path, message }]);
}

/** Sample covariance (ddof 1, NumPy `cov`) of two equally long vectors. */
function covariance(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] as number;
    my += y[i] as number;
  }
  mx /= n;
  my /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += ((x[i] as number) - mx) * ((y[i] as number) - my);
  return s / (n - 1);
}

/**
 * Structural components of one score vector (Sun & Xu 2014, Algorithm 2): with mid-ranks Tz of
 * all scores, Tx of the positives alone and Ty of the negatives alone,
 * V10ᵢ = (Tzᵢ − Txᵢ)/n (share of negatives a positive beats, ties ½) and
 * V01ⱼ = 1 − (Tzⱼ − Tyⱼ)/m (share of positives that beat a negative).
 */
function components(
  scores: readonly number[],
  positive: Uint8Array,
  m: number,
  n: number,
): { auc: number; v10: Float64Array; v01: Float64Array } {
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < scores.length; i++) (positive[i] ? pos : neg).push(scores[i] as number);
  const tz = averageRanks([...pos, ...neg]).ranks;
  const tx = averageRanks(pos).ranks;
  const ty = averageRanks(neg).ranks;
  const v10 = new Float64Array(m);
  const v01 = new Float64Array(n);
  let rankSum = 0;
  for (let i = 0; i < m; i++) {
    rankSum += tz[i] as number;
    v10[i] = ((tz[i] as number) - (tx[i] as number)) / n;
  }
  for (let j = 0; j < n; j++) v01[j] = 1 - ((tz[m + j] as number) - (ty[j] as number)) / m;
  return { auc: (rankSum - (m * (m + 1)) / 2) / (m * n), v10, v01 };
}

/**
 * DeLong's test of two correlated ROC AUCs (two scorers on the same rows), with the fast
 * mid-rank algorithm of Sun & Xu (2014), "Fast implementation of DeLong's algorithm for comparing
 * the areas under correlated receiver operating characteristic curves", IEEE SPL 21(11):
 * S = S10/m + S01/n from the covariances of the structural components, Var(aucA − aucB) =
 * S_AA + S_BB − 2·S_AB, z = (aucA − aucB)/√Var, p = 2·Φ̄(|z|), and the normal interval
 * (aucA − aucB) ± z_{(1+level)/2}·SE. O((m + n) log(m + n)) instead of the O(m·n) placement
 * values of DeLong et al. (1988), to which it is equal (the test checks both); the AUCs equal
 * scikit-learn 1.2.1's `roc_auc_score`. Same as pROC's `roc.test(method = "delong")`.
 *
 * @example delongRocAucTest([0, 0, 1, 1, 1], [0.1, 0.4, 0.35, 0.8, 0.9], [0.2, 0.3, 0.5, 0.6, 0.4])
 * @throws InvalidInputError when the inputs are empty, of different lengths or non-finite, yTrue
 * does not hold exactly two classes with at least 2 of each (a covariance needs 2), posLabel is
 * not one of them, or the variance of the difference is 0 (identical rankings: z undefined).
 */
export function delongRocAucTest(
  yTrue: readonly Label[],
  yScoreA: readonly number[],
  yScoreB: readonly number[],
  options: DelongRocAucTestOptions = {},
): TDelongResult {
  const { level = 0.95 } = options;
  assertNonEmpty('yTrue', yTrue);
  assertSameLength('yTrue', yTrue, 'yScoreA', yScoreA, 'values');
  assertSameLength('yTrue', yTrue, 'yScoreB', yScoreB, 'values');
  assertFiniteNumbers('yScoreA', yScoreA);
  assertFiniteNumbers('yScoreB', yScoreB);
  if (!(level > 0 && level < 1)) fail(['level'], `level is ${level}; expected a number in (0, 1)`);
  const classes = uniqueLabels(yTrue);
  if (classes.length !== 2)
    fail(['yTrue'], `yTrue holds ${classes.length} class(es); DeLong's test needs exactly 2`);
  const posLabel = options.posLabel ?? (classes[1] as Label);
  if (!classes.includes(posLabel))
    fail(
      ['posLabel'],
      `posLabel ${JSON.stringify(posLabel)} is not one of ${JSON.stringify(classes)}`,
    );
  const positive = new Uint8Array(yTrue.length);
  let m = 0;
  for (let i = 0; i < yTrue.length; i++) {
    positive[i] = yTrue[i] === posLabel ? 1 : 0;
    m += positive[i] as number;
  }
  const n = yTrue.length - m;
  if (m < 2 || n < 2)
    fail(
      ['yTrue'],
      `yTrue has ${m} positive and ${n} negative rows; DeLong's test needs at least 2 of each`,
    );
  const a = components(yScoreA, positive, m, n);
  const b = components(yScoreB, positive, m, n);
  const s10 = (x: Float64Array, y: Float64Array) => covariance(x, y) / m;
  const s01 = (x: Float64Array, y: Float64Array) => covariance(x, y) / n;
  const sAA = s10(a.v10, a.v10) + s01(a.v01, a.v01);
  const sBB = s10(b.v10, b.v10) + s01(b.v01, b.v01);
  const sAB = s10(a.v10, b.v10) + s01(a.v01, b.v01);
  const variance = sAA + sBB - 2 * sAB;
  const difference = a.auc - b.auc;
  if (!(variance > 0))
    fail(
      ['yScoreB'],
      'the variance of aucA − aucB is 0 (both scores rank the rows alike): the DeLong z is undefined',
    );
  const standardError = Math.sqrt(variance);
  const z = difference / standardError;
  const half = normalPpf((1 + level) / 2) * standardError;
  return {
    aucA: a.auc,
    aucB: b.auc,
    difference,
    variance,
    standardError,
    z,
    pValue: Math.min(1, 2 * normalSf(Math.abs(z))),
    low: difference - half,
    high: difference + half,
    level,
    nPositive: m,
    nNegative: n,
  };
}

export const delongRocAucTestMetric = defineMetric({
  name: 'delongRocAucTest',
  family: 'stats',
  description:
    "DeLong's test of two correlated ROC AUCs on the same rows (Sun & Xu fast algorithm): both AUCs, the difference, its variance, z, p and a normal interval.",
  input: z.strictObject({
    yTrue: ZLabelsSchema.meta({ description: 'True binary labels.' }),
    yScoreA: z.array(z.number()).meta({ description: 'Scores of system A (higher = positive).' }),
    yScoreB: z.array(z.number()).meta({ description: 'Scores of system B, same rows.' }),
  }),
  params: z.strictObject({
    posLabel: ZLabelSchema.optional().meta({
      description: 'The positive class. Default: the greater of the two sorted labels.',
    }),
    level: z.number().gt(0).lt(1).default(0.95).meta({ description: 'Interval confidence level.' }),
  }),
  result: ZDelongResultSchema,
  compute: (input, params) => delongRocAucTest(input.yTrue, input.yScoreA, input.yScoreB, params),
});
