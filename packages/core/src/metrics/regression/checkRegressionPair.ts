import {
  assertFiniteNumbers,
  assertNonEmpty,
  assertSameLength,
  assertSampleWeight,
} from '../../guards/index.js';

/**
 * The checks every regression metric starts with (scikit-learn's `_check_reg_targets` and
 * `check_consistent_length`): same length, not empty, finite values, valid weights.
 */
export function checkRegressionPair(
  yTrue: readonly number[],
  yPred: readonly number[],
  sampleWeight: readonly number[] | undefined,
): void {
  assertSameLength('yTrue', yTrue, 'yPred', yPred, 'values');
  assertNonEmpty('yTrue', yTrue);
  assertFiniteNumbers('yTrue', yTrue);
  assertFiniteNumbers('yPred', yPred);
  assertSampleWeight(sampleWeight, yTrue.length);
}

/** Σ wᵢxᵢ / Σ wᵢ over `n` terms given by `term(i)` (NumPy's `np.average` with weights). */
export function weightedMean(
  n: number,
  term: (i: number) => number,
  sampleWeight: readonly number[] | undefined,
): number {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = sampleWeight === undefined ? 1 : (sampleWeight[i] as number);
    sum += term(i) * w;
    total += w;
  }
  return sum / total;
}
