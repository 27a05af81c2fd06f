import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import { assertNonEmpty, assertSameLength, assertSampleWeight } from '../../guards/index.js';
import { assertSameLabelKind, type Label, uniqueLabels } from '../../labels/index.js';
import { ZLabelsSchema, ZSampleWeightSchema, ZValueResultSchema } from '../../schemas/index.js';
import { defineMetric } from '../defineMetric.js';
import { assertScoreColumns, isScoreMatrix, ZScoresSchema } from './scores.js';

/** float64 machine epsilon, scikit-learn 1.2.1's `eps="auto"` for float64 input. */
export const FLOAT64_EPS = 2.220446049250313e-16;

export interface LogLossOptions {
  /**
   * Probabilities are clipped to [eps, 1 − eps], eps in [0, 0.5). `0` clips nothing (as in
   * scikit-learn 1.2.1, which accepts it): a probability 0 for a sample's true class then makes
   * the loss `Infinity` (`-xlogy(1, 0)`), one for another class adds nothing (`xlogy(0, 0) = 0`).
   * @default 2.220446049250313e-16
   */
  eps?: number;
  /**
   * The classes; the columns of a 2-D yScore follow their sorted order.
   * @default the sorted labels of yTrue
   */
  labels?: readonly Label[];
  /** Mean loss (true) or total loss (false). @default true */
  normalize?: boolean;
  /** Per-sample weights (≥ 0). @default undefined (all 1) */
  sampleWeight?: readonly number[];
}

/**
 * Log loss (cross-entropy): mean over samples of −log p(true class).
 *
 * Reference: scikit-learn 1.2.1 `sklearn.metrics.log_loss(y_true, y_pred, eps, normalize,
 * sample_weight, labels)`, step by step: a 1-D yScore is P(greater label) and becomes the rows
 * [1 − p, p] after clipping; every probability is clipped to [eps, 1 − eps]; each row is then
 * divided by its sum (so rows that do not sum to 1 are renormalised, not rejected).
 *
 * With `eps: 0` nothing is clipped: a zero probability for the true class gives `Infinity`, as
 * scikit-learn's `inf` (JSON has no infinity: the API answers `null`).
 *
 * Stricter than scikit-learn: a yTrue label missing from `labels` throws (scikit-learn silently
 * scores that sample 0); eps outside [0, 0.5) throws (scikit-learn does not check it).
 *
 * @throws InvalidInputError when yTrue holds one label and no `labels` are given, when the number
 * of columns differs from the number of classes, or on mismatched or empty input.
 */
export function logLoss(
  yTrue: readonly Label[],
  yScore: readonly number[] | readonly (readonly number[])[],
  options: LogLossOptions = {},
): number {
  const { eps = FLOAT64_EPS, normalize = true, sampleWeight } = options;
  if (!(eps >= 0 && eps < 0.5)) {
    const message = `eps is ${eps}; expected a number in [0, 0.5)`;
    throw new InvalidInputError(message, [{ path: ['eps'], message }]);
  }
  assertSameLength('yTrue', yTrue, 'yScore', yScore, 'values');
  assertNonEmpty('yTrue', yTrue);
  assertSameLabelKind(options.labels === undefined ? { yTrue } : { yTrue, labels: options.labels });
  assertSampleWeight(sampleWeight, yTrue.length);
  const classes = uniqueLabels(options.labels ?? yTrue);
  if (classes.length < 2) {
    const message =
      options.labels === undefined
        ? `only one label in yTrue (${JSON.stringify(classes[0])}) and no labels given; pass labels with every class`
        : `labels must hold at least two classes, got ${JSON.stringify(classes)}`;
    throw new InvalidInputError(message, [{ path: ['labels'], message }]);
  }
  const index = new Map<Label, number>(classes.map((label, i) => [label, i]));
  const matrix = isScoreMatrix(yScore);
  const columns = matrix ? (yScore[0]?.length ?? 0) : 2;
  if (columns !== classes.length) {
    const message = `yScore has ${columns} probability columns${matrix ? '' : ' (1-D = binary)'} but there are ${classes.length} classes ${JSON.stringify(classes)}; the number of probability columns differs from the number of classes`;
    throw new InvalidInputError(message, [{ path: ['yScore'], message }]);
  }
  if (matrix) assertScoreColumns('yScore', yScore, columns, 'there are classes:');
  const hi = 1 - eps;
  const clip = (p: number) => Math.min(Math.max(p, eps), hi);
  let total = 0;
  let weightSum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const c = index.get(yTrue[i] as Label);
    if (c === undefined) {
      const message = `yTrue[${i}] is ${JSON.stringify(yTrue[i])}, which is not in labels`;
      throw new InvalidInputError(message, [{ path: ['yTrue', i], message }]);
    }
    let rowSum = 0;
    let pTrue: number;
    if (matrix) {
      const row = yScore[i] as readonly number[];
      for (const p of row) rowSum += clip(p);
      pTrue = clip(row[c] as number);
    } else {
      const p = clip(yScore[i] as number);
      const q = 1 - p;
      rowSum = q + p;
      pTrue = c === 1 ? p : q;
    }
    const w = sampleWeight === undefined ? 1 : (sampleWeight[i] as number);
    total += -Math.log(pTrue / rowSum) * w;
    weightSum += w;
  }
  return normalize ? total / weightSum : total;
}

export const logLossMetric = defineMetric({
  name: 'logLoss',
  family: 'classification',
  description:
    'Log loss (cross-entropy) of predicted probabilities, clipped to [eps, 1 − eps] and renormalised (scikit-learn log_loss).',
  input: z.strictObject({
    yTrue: ZLabelsSchema,
    yScore: ZScoresSchema,
    sampleWeight: ZSampleWeightSchema,
  }),
  params: z.strictObject({
    eps: z.number().min(0).lt(0.5).default(FLOAT64_EPS).meta({
      description:
        'Clipping bound in [0, 0.5); default float64 machine epsilon (scikit-learn 1.2.1 "auto"). 0 clips nothing: a zero probability for the true class makes the loss infinite (null in JSON).',
    }),
    labels: ZLabelsSchema.optional().meta({
      description: 'All classes; yScore columns follow their sorted order. Default: yTrue labels.',
    }),
    normalize: z.boolean().default(true).meta({ description: 'Mean (true) or total (false).' }),
  }),
  result: ZValueResultSchema,
  compute: (input, params) => ({
    value: logLoss(input.yTrue, input.yScore, { ...params, sampleWeight: input.sampleWeight }),
  }),
});
