/** Corrections for testing several metrics at once. */
export const CORRECTIONS = ['holm', 'benjamini-hochberg', 'none'] as const;
export type Correction = (typeof CORRECTIONS)[number];

/**
 * Adjusted p-values as statsmodels 0.13.5 `multipletests(pvals, method)`:
 * - `holm` (step-down, family-wise error): sorted ascending, p̃₍ᵢ₎ = maxⱼ≤ᵢ (m − j + 1)·p₍ⱼ₎;
 * - `benjamini-hochberg` (`fdr_bh`, false discovery rate): p̃₍ᵢ₎ = minⱼ≥ᵢ m·p₍ⱼ₎/j;
 * both capped at 1, returned in the input order. `none` returns the p-values unchanged.
 */
export function adjustPValues(pValues: readonly number[], correction: Correction): number[] {
  const m = pValues.length;
  if (correction === 'none' || m === 0) return [...pValues];
  const order = pValues
    .map((_, i) => i)
    .sort((i, j) => (pValues[i] as number) - (pValues[j] as number));
  const sorted = order.map((i) => pValues[i] as number);
  const adjusted = new Array<number>(m);
  if (correction === 'holm') {
    let running = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < m; k++) {
      running = Math.max(running, (sorted[k] as number) * (m - k));
      adjusted[k] = running;
    }
  } else {
    let running = Number.POSITIVE_INFINITY;
    for (let k = m - 1; k >= 0; k--) {
      running = Math.min(running, (sorted[k] as number) / ((k + 1) / m));
      adjusted[k] = running;
    }
  }
  const out = new Array<number>(m);
  order.forEach((i, k) => {
    out[i] = Math.min(adjusted[k] as number, 1);
  });
  return out;
}
