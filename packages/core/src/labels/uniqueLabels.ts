import { compareLabels, type Label } from './compareLabels.js';

/** Largest label for which the presence table is used instead of a Set. */
const TABLE_LIMIT = 1 << 16;

/**
 * Distinct labels when every one is an integer in [0, TABLE_LIMIT), read off a presence table in
 * increasing order (no Set, no sort: the common case of class ids on millions of rows); `undefined`
 * as soon as a label is anything else.
 */
function smallIntegerLabels(arrays: readonly (readonly Label[])[]): number[] | undefined {
  let seen: Uint8Array | undefined;
  for (const array of arrays) {
    for (let i = 0; i < array.length; i++) {
      const label = array[i];
      if (typeof label !== 'number' || !(label >= 0 && label < TABLE_LIMIT)) return undefined;
      if (!Number.isInteger(label)) return undefined;
      seen ??= new Uint8Array(TABLE_LIMIT);
      seen[label] = 1;
    }
  }
  const labels: number[] = [];
  if (seen !== undefined) for (let v = 0; v < TABLE_LIMIT; v++) if (seen[v] === 1) labels.push(v);
  return labels;
}

/**
 * The sorted union of the labels of all arrays (numbers numerically, strings by code point), like
 * scikit-learn's `unique_labels`. Linear in the input plus a sort of the distinct labels.
 */
export function uniqueLabels<L extends Label>(...arrays: readonly (readonly L[])[]): L[] {
  const small = smallIntegerLabels(arrays);
  if (small !== undefined) return small as L[];
  const seen = new Set<L>();
  for (const array of arrays) {
    for (const label of array) seen.add(label);
  }
  return [...seen].sort(compareLabels);
}
