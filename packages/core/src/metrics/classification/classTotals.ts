import { encodeLabels, type Label } from '../../labels/index.js';

/** Per-label counts of a classification: true positives, predicted and true totals. */
export interface ClassTotals {
  /** tpᵢ: samples with true label i predicted as i. */
  tp: Float64Array;
  /** Samples predicted as label i (tpᵢ + fpᵢ). */
  predSum: Float64Array;
  /** Samples whose true label is i (tpᵢ + fnᵢ), the support. */
  trueSum: Float64Array;
}

/**
 * Counts, for each label of `labels`, its true positives, predictions and support, optionally
 * weighted (scikit-learn's `multilabel_confusion_matrix` diagonal blocks). Samples whose labels
 * are not listed do not count for the unlisted side. O(n + K) time and memory.
 */
export function classTotals(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  labels: readonly Label[],
  sampleWeight?: readonly number[],
): ClassTotals {
  const k = labels.length;
  const tp = new Float64Array(k);
  const predSum = new Float64Array(k);
  const trueSum = new Float64Array(k);
  const t = encodeLabels(yTrue, labels);
  const p = encodeLabels(yPred, labels);
  for (let i = 0; i < t.length; i++) {
    const w = sampleWeight === undefined ? 1 : (sampleWeight[i] as number);
    const ti = t[i] as number;
    const pi = p[i] as number;
    if (ti >= 0) trueSum[ti] = (trueSum[ti] as number) + w;
    if (pi >= 0) predSum[pi] = (predSum[pi] as number) + w;
    if (ti >= 0 && ti === pi) tp[ti] = (tp[ti] as number) + w;
  }
  return { tp, predSum, trueSum };
}
