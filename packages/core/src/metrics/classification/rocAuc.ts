import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import { assertNonEmpty, assertSameLength, assertSampleWeight } from '../../guards/index.js';
import {
  assertSameLabelKind,
  compareLabels,
  type Label,
  labelKind,
  uniqueLabels,
} from '../../labels/index.js';
import {
  ZLabelSchema,
  ZLabelsSchema,
  ZSampleWeightSchema,
  ZValueResultSchema,
} from '../../schemas/index.js';
import { defineMetric } from '../defineMetric.js';
import { binaryAucFromScores } from './binaryClfCurve.js';
import { assertScoreColumns, isScoreMatrix, ZScoresSchema } from './scores.js';

export interface RocAucOptions {
  /**
   * Binary only: the positive class (an extension; scikit-learn always takes the greater label).
   * @default the greater of the two sorted labels
   */
  posLabel?: Label;
  /**
   * Multiclass strategy: `ovr` (one-vs-rest) scores each class against all others. `raise`
   * refuses multiclass input, as scikit-learn's default does. @default 'raise'
   */
  multiClass?: 'raise' | 'ovr';
  /** Multiclass: `macro` mean over classes, or `weighted` by class prevalence. @default 'macro' */
  average?: 'macro' | 'weighted';
  /**
   * Multiclass: the classes, sorted, one per column of yScore. @default the sorted labels of yTrue
   */
  labels?: readonly Label[];
  /** Per-sample weights (≥ 0). @default undefined (all 1) */
  sampleWeight?: readonly number[];
}

function binaryAuc(
  isPositive: Uint8Array,
  scores: readonly number[],
  sampleWeight: readonly number[] | undefined,
  what: string,
): number {
  const auc = binaryAucFromScores(isPositive, scores, sampleWeight);
  if (Number.isNaN(auc)) {
    const message = `only one class present in yTrue${what}; ROC AUC is not defined in that case`;
    throw new InvalidInputError(message, [{ path: ['yTrue'], message }]);
  }
  return auc;
}

function multiclassAuc(
  yTrue: readonly Label[],
  rows: readonly (readonly number[])[],
  options: RocAucOptions,
): number {
  const { average = 'macro', sampleWeight } = options;
  const n = yTrue.length;
  for (let i = 0; i < n; i++) {
    const row = rows[i] as readonly number[];
    let sum = 0;
    for (const p of row) sum += p;
    // numpy.allclose(1, sum): |1 − sum| ≤ 1e-8 + 1e-5·|sum|
    if (!(Math.abs(1 - sum) <= 1e-8 + 1e-5 * Math.abs(sum))) {
      const message = `yScore[${i}] sums to ${sum}; multiclass probability rows must sum to 1`;
      throw new InvalidInputError(message, [{ path: ['yScore', i], message }]);
    }
  }
  let classes: Label[];
  if (options.labels !== undefined) {
    assertSameLabelKind({ yTrue, labels: options.labels });
    classes = uniqueLabels(options.labels);
    if (classes.length !== options.labels.length) {
      const message = 'labels must be unique';
      throw new InvalidInputError(message, [{ path: ['labels'], message }]);
    }
    if (classes.some((label, i) => compareLabels(label, options.labels?.[i] as Label) !== 0)) {
      const message = 'labels must be sorted (numbers ascending, strings by code point)';
      throw new InvalidInputError(message, [{ path: ['labels'], message }]);
    }
    const listed = new Set<Label>(classes);
    const missing = yTrue.find((label) => !listed.has(label));
    if (missing !== undefined) {
      const message = `yTrue contains ${JSON.stringify(missing)}, which is not in labels`;
      throw new InvalidInputError(message, [{ path: ['labels'], message }]);
    }
    assertScoreColumns('yScore', rows, classes.length, 'labels has');
  } else {
    classes = uniqueLabels(yTrue);
    assertScoreColumns('yScore', rows, classes.length, 'yTrue has classes:');
  }
  const k = classes.length;
  const scores = new Array<number>(n);
  const isPositive = new Uint8Array(n);
  let weighted = 0;
  let totalWeight = 0;
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const label = classes[c] as Label;
    let prevalence = 0;
    for (let i = 0; i < n; i++) {
      scores[i] = (rows[i] as readonly number[])[c] as number;
      const positive = yTrue[i] === label;
      isPositive[i] = positive ? 1 : 0;
      if (positive) prevalence += sampleWeight === undefined ? 1 : (sampleWeight[i] as number);
    }
    const auc = binaryAuc(
      isPositive,
      scores,
      sampleWeight,
      ` for class ${JSON.stringify(label)} vs rest`,
    );
    sum += auc;
    weighted += auc * prevalence;
    totalWeight += prevalence;
  }
  return average === 'weighted' ? weighted / totalWeight : sum / k;
}

/**
 * Area under the ROC curve: the probability that a random positive scores higher than a random
 * negative, ties counting ½. Binary (one score per sample) or multiclass one-vs-rest (one
 * probability row per sample, columns = sorted labels, rows summing to 1).
 *
 * Reference: scikit-learn 1.2.1 `sklearn.metrics.roc_auc_score(y_true, y_score, average,
 * sample_weight, multi_class='ovr', labels)`. Binary positives are the greater sorted label unless
 * `posLabel` says otherwise. One sort per class; the area is the trapezoidal rule over the
 * distinct thresholds (so ties count ½).
 *
 * @throws InvalidInputError when yTrue holds one class only, multiclass rows do not sum to 1, the
 * number of columns differs from the number of classes, or multiclass input comes without
 * `multiClass: 'ovr'`.
 */
export function rocAucScore(
  yTrue: readonly Label[],
  yScore: readonly number[] | readonly (readonly number[])[],
  options: RocAucOptions = {},
): number {
  const { posLabel, multiClass = 'raise', sampleWeight } = options;
  assertSameLength('yTrue', yTrue, 'yScore', yScore, 'values');
  assertNonEmpty('yTrue', yTrue);
  labelKind('yTrue', yTrue);
  assertSampleWeight(sampleWeight, yTrue.length);
  const classes = uniqueLabels(yTrue);
  if (isScoreMatrix(yScore)) {
    const columns = yScore[0]?.length ?? 0;
    if (classes.length <= 2 && columns <= 2) {
      const message = 'yTrue is binary: yScore must be one score per sample (the positive class)';
      throw new InvalidInputError(message, [{ path: ['yScore'], message }]);
    }
    if (multiClass !== 'ovr') {
      const message = "multiclass ROC AUC needs multiClass: 'ovr'";
      throw new InvalidInputError(message, [{ path: ['multiClass'], message }]);
    }
    return multiclassAuc(yTrue, yScore, options);
  }
  const scores = yScore as readonly number[];
  if (classes.length > 2) {
    const message = `yTrue holds ${classes.length} classes: yScore must have one row of class probabilities per sample`;
    throw new InvalidInputError(message, [{ path: ['yScore'], message }]);
  }
  if (classes.length < 2) {
    const message = 'only one class present in yTrue; ROC AUC is not defined in that case';
    throw new InvalidInputError(message, [{ path: ['yTrue'], message }]);
  }
  const positive = posLabel ?? (classes[1] as Label);
  if (!classes.includes(positive)) {
    const message = `posLabel ${JSON.stringify(positive)} is not one of the labels ${JSON.stringify(classes)}`;
    throw new InvalidInputError(message, [{ path: ['posLabel'], message }]);
  }
  const isPositive = new Uint8Array(yTrue.length);
  for (let i = 0; i < yTrue.length; i++) isPositive[i] = yTrue[i] === positive ? 1 : 0;
  return binaryAuc(isPositive, scores, sampleWeight, '');
}

export const ZRocAucInputSchema = z.strictObject({
  yTrue: ZLabelsSchema,
  yScore: ZScoresSchema,
  sampleWeight: ZSampleWeightSchema,
});

export const ZRocAucParamsSchema = z.strictObject({
  posLabel: ZLabelSchema.optional().meta({
    description: 'Binary: the positive class. Default: the greater sorted label.',
  }),
  multiClass: z
    .enum(['raise', 'ovr'])
    .default('raise')
    .meta({ description: "Multiclass strategy; 'ovr' = one-vs-rest." }),
  average: z
    .enum(['macro', 'weighted'])
    .default('macro')
    .meta({ description: 'Multiclass averaging over classes.' }),
  labels: ZLabelsSchema.optional().meta({
    description: 'Multiclass: sorted classes, one per yScore column. Default: labels of yTrue.',
  }),
});

export const rocAucMetric = defineMetric({
  name: 'rocAuc',
  family: 'classification',
  description:
    'Area under the ROC curve, binary or multiclass one-vs-rest (scikit-learn roc_auc_score).',
  input: ZRocAucInputSchema,
  params: ZRocAucParamsSchema,
  result: ZValueResultSchema,
  compute: (input, params) => ({
    value: rocAucScore(input.yTrue, input.yScore, { ...params, sampleWeight: input.sampleWeight }),
  }),
});
