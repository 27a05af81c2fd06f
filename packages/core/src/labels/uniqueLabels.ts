import { compareLabels, type Label } from './compareLabels.js';

/**
 * The sorted union of the labels of all arrays (numbers numerically, strings by code point), like
 * scikit-learn's `unique_labels`. Linear in the input plus a sort of the distinct labels.
 */
export function uniqueLabels<L extends Label>(...arrays: readonly (readonly L[])[]): L[] {
  const seen = new Set<L>();
  for (const array of arrays) {
    for (const label of array) seen.add(label);
  }
  return [...seen].sort(compareLabels);
}
