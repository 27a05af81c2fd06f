import { InvalidInputError } from '../../errors/index.js';
import { assertSampleWeight } from '../../guards/index.js';
import { type Label, uniqueLabels } from '../../labels/index.js';
import { checkLabelPair } from './checkLabelPair.js';
import { classTotals } from './classTotals.js';

/** How per-class scores are combined. */
export type PrfAverage = 'binary' | 'micro' | 'macro' | 'weighted';

export interface PrecisionRecallFscoreOptions {
  /**
   * `binary`: the scores of `posLabel` only (at most two classes); `micro`: from the counts summed
   * over classes; `macro`: unweighted mean over classes; `weighted`: mean weighted by support.
   * @default 'binary'
   */
  average?: PrfAverage;
  /** The positive class for `average: 'binary'` (string labels must give it). @default 1 */
  posLabel?: Label;
  /** The value of a 0/0 ratio (no predictions of a class, or no samples of it). @default 0 */
  zeroDivision?: 0 | 1;
  /** Per-sample weights (≥ 0). @default undefined (all 1) */
  sampleWeight?: readonly number[];
}

export interface PrecisionRecallFscore {
  precision: number;
  recall: number;
  fScore: number;
}

const AVERAGES: readonly string[] = ['binary', 'micro', 'macro', 'weighted'];

/** The labels scored under `average`, as scikit-learn's `_check_set_wise_labels`. */
function scoredLabels(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  average: PrfAverage,
  posLabel: Label,
): Label[] {
  const present = uniqueLabels(yTrue, yPred);
  if (average !== 'binary') return present;
  if (present.length > 2) {
    const message = `average 'binary' needs at most two classes but yTrue and yPred hold ${present.length} (${present.map((l) => JSON.stringify(l)).join(', ')}); choose average 'micro', 'macro' or 'weighted'`;
    throw new InvalidInputError(message, [{ path: ['average'], message }]);
  }
  if (!present.includes(posLabel) && present.length === 2) {
    const message = `posLabel ${JSON.stringify(posLabel)} is not one of the labels ${JSON.stringify(present)}`;
    throw new InvalidInputError(message, [{ path: ['posLabel'], message }]);
  }
  return [posLabel];
}

function divide(numerator: Float64Array, denominator: Float64Array, zeroDivision: number) {
  const out = new Float64Array(numerator.length);
  for (let i = 0; i < out.length; i++) {
    const d = denominator[i] as number;
    out[i] = d === 0 ? zeroDivision : (numerator[i] as number) / d;
  }
  return out;
}

function mean(values: Float64Array, weights?: Float64Array): number {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const w = weights === undefined ? 1 : (weights[i] as number);
    sum += (values[i] as number) * w;
    total += w;
  }
  return sum / total;
}

/**
 * Precision tp/(tp+fp), recall tp/(tp+fn) and F-beta
 * (1+β²)·P·R/(β²·P + R) of a classification, averaged as asked.
 *
 * Reference: scikit-learn 1.2.1 `precision_recall_fscore_support`. Semantics worth knowing:
 * - the classes are the sorted union of yTrue and yPred, so a class that is only predicted counts
 *   in the macro mean (with weight 0 in the weighted mean);
 * - a 0/0 precision or recall takes `zeroDivision`; the F-score is computed from those values and
 *   is 0 when β²·P + R = 0 (scikit-learn 1.2.1, before 1.3 changed that rule);
 * - `binary` accepts at most two classes; when `posLabel` is absent from both arrays and only one
 *   class is present, every count is 0 (so the scores are `zeroDivision` or 0).
 *
 * @throws InvalidInputError on mismatched or empty input, mixed label types, an unknown average,
 * more than two classes with `binary`, a `posLabel` that is not one of two present labels, or
 * `beta < 0`.
 */
export function precisionRecallFscore(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  beta: number,
  options: PrecisionRecallFscoreOptions = {},
): PrecisionRecallFscore {
  const { average = 'binary', posLabel = 1, zeroDivision = 0, sampleWeight } = options;
  if (!(beta >= 0)) {
    const message = `beta is ${beta}; expected a number ≥ 0`;
    throw new InvalidInputError(message, [{ path: ['beta'], message }]);
  }
  if (!AVERAGES.includes(average)) {
    const message = `unknown average ${JSON.stringify(average)}; expected one of ${AVERAGES.join(', ')}`;
    throw new InvalidInputError(message, [{ path: ['average'], message }]);
  }
  checkLabelPair(yTrue, yPred);
  assertSampleWeight(sampleWeight, yTrue.length);
  const labels = scoredLabels(yTrue, yPred, average, posLabel);
  let { tp, predSum, trueSum } = classTotals(yTrue, yPred, labels, sampleWeight);
  if (average === 'micro') {
    tp = Float64Array.of(tp.reduce((a, b) => a + b, 0));
    predSum = Float64Array.of(predSum.reduce((a, b) => a + b, 0));
    trueSum = Float64Array.of(trueSum.reduce((a, b) => a + b, 0));
  }
  const precision = divide(tp, predSum, zeroDivision);
  const recall = divide(tp, trueSum, zeroDivision);
  const beta2 = beta * beta;
  const fScore = new Float64Array(precision.length);
  for (let i = 0; i < precision.length; i++) {
    const p = precision[i] as number;
    const r = recall[i] as number;
    if (beta === Number.POSITIVE_INFINITY) {
      fScore[i] = r;
    } else {
      const denom = beta2 * p + r;
      fScore[i] = ((1 + beta2) * p * r) / (denom === 0 ? 1 : denom);
    }
  }
  const weights = average === 'weighted' ? trueSum : undefined;
  return {
    precision: mean(precision, weights),
    recall: mean(recall, weights),
    fScore: mean(fScore, weights),
  };
}
