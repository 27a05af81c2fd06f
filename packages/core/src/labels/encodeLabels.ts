import type { Label } from './compareLabels.js';

/** Largest label for which a direct lookup table is used instead of a Map. */
const TABLE_LIMIT = 1 << 16;

/**
 * Replaces each label by its index in `labels` (−1 when it is not listed; the first index when a
 * label is listed twice), so that counting works on an `Int32Array` instead of on strings. Small
 * non-negative integer labels (the common case: 0/1, class ids) use a lookup table, others a Map.
 */
export function encodeLabels(values: readonly Label[], labels: readonly Label[]): Int32Array {
  const codes = new Int32Array(values.length);
  let maxLabel = -1;
  const smallIntegers = labels.every((label) => {
    if (
      typeof label !== 'number' ||
      !Number.isInteger(label) ||
      label < 0 ||
      label >= TABLE_LIMIT
    ) {
      return false;
    }
    if (label > maxLabel) maxLabel = label;
    return true;
  });
  if (smallIntegers) {
    const table = new Int32Array(maxLabel + 1).fill(-1);
    for (let i = labels.length - 1; i >= 0; i--) table[labels[i] as number] = i;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      codes[i] =
        typeof v === 'number' && v >= 0 && v <= maxLabel && Number.isInteger(v)
          ? (table[v] as number)
          : -1;
    }
    return codes;
  }
  const index = new Map<Label, number>();
  labels.forEach((label, i) => {
    if (!index.has(label)) index.set(label, i);
  });
  for (let i = 0; i < values.length; i++) {
    codes[i] = index.get(values[i] as Label) ?? -1;
  }
  return codes;
}
