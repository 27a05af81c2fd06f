import { z } from 'zod';
import { chiSquareSf } from '../stats/distributions/index.js';

/** p below which the split is called a sample-ratio mismatch (and blocks a decision). */
export const SRM_THRESHOLD = 0.001;

export const ZSrmResultSchema = z.object({
  chiSquare: z.number(),
  df: z.number().int(),
  pValue: z.number(),
  flagged: z
    .boolean()
    .meta({ description: `p < ${SRM_THRESHOLD}: the observed split is not the designed one.` }),
});
export type TSrmResult = z.infer<typeof ZSrmResultSchema>;

/**
 * Sample-ratio mismatch, as gbstats `check_srm(users, weights)` (`gbstats/utils.py` at
 * github:growthbook/growthbook@8f1db445): expected eᵢ = wᵢ/Σw · Σ users, χ² = Σ (oᵢ − eᵢ)²/eᵢ
 * over the variants with wᵢ > 0, df = k − 1 (all variants), p = P(χ²_df > χ²); no units at all
 * gives p = 1. Flagged when p < 0.001.
 */
export function sampleRatioMismatch(
  units: readonly number[],
  weights: readonly number[],
): TSrmResult {
  let total = 0;
  for (const u of units) total += u;
  const df = units.length - 1;
  if (!total) return { chiSquare: 0, df, pValue: 1, flagged: false };
  let totalWeight = 0;
  for (const w of weights) totalWeight += w;
  let x = 0;
  units.forEach((o, i) => {
    const w = weights[i] as number;
    if (w <= 0) return;
    const e = (w / totalWeight) * total;
    x += (o - e) ** 2 / e;
  });
  const pValue = chiSquareSf(x, df);
  return { chiSquare: x, df, pValue, flagged: pValue < SRM_THRESHOLD };
}
