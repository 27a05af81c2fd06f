import { encodeLabels, type Label } from '../../labels/index.js';

/**
 * The K×K confusion counts (row = true label index, column = predicted), row-major, optionally
 * weighted; samples with a label outside `labels` (on either side) are dropped, as in
 * scikit-learn's `confusion_matrix`. O(n + K²).
 */
export function confusionCounts(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  labels: readonly Label[],
  sampleWeight?: readonly number[],
): Float64Array {
  const k = labels.length;
  const counts = new Float64Array(k * k);
  const t = encodeLabels(yTrue, labels);
  const p = encodeLabels(yPred, labels);
  for (let i = 0; i < t.length; i++) {
    const ti = t[i] as number;
    const pi = p[i] as number;
    if (ti < 0 || pi < 0) continue;
    const cell = ti * k + pi;
    counts[cell] =
      (counts[cell] as number) + (sampleWeight === undefined ? 1 : (sampleWeight[i] as number));
  }
  return counts;
}
