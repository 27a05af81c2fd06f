import type { Label } from './compareLabels.js';

/**
 * Replaces each label by its index in `labels` (−1 when it is not listed), so that counting
 * works on an `Int32Array` instead of on strings.
 */
export function encodeLabels(values: readonly Label[], labels: readonly Label[]): Int32Array {
  const index = new Map<Label, number>();
  labels.forEach((label, i) => {
    if (!index.has(label)) index.set(label, i);
  });
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    codes[i] = index.get(values[i] as Label) ?? -1;
  }
  return codes;
}
