import { z } from 'zod';
import { defineMetric } from '../defineMetric.js';
import {
  checkRecommenderInput,
  type ItemId,
  perQueryResult,
  type TPerQueryResult,
  ZKSchema,
  ZPerQueryResultSchema,
  ZRecommenderInputSchema,
} from './recommender.js';

/**
 * Mean average precision at k: per query AP@k = (1 / min(|relevant|, k)) · Σ_{i ≤ k, item i
 * relevant} precision@i, then the mean over queries. Normalising by min(|relevant|, k) lets a
 * perfect top-k score 1 even when more than k items are relevant.
 *
 * Reference: the definition in the golden README (the usual `ml_metrics.apk`), checked against a
 * direct NumPy implementation. `relevant` is a set.
 *
 * @throws InvalidInputError as {@link precisionAtK}.
 */
export function mapAtK(
  rankings: readonly (readonly ItemId[])[],
  relevant: readonly (readonly ItemId[])[],
  k: number,
): TPerQueryResult {
  const relevantSets = checkRecommenderInput(rankings, relevant, k);
  return perQueryResult(
    rankings.map((ranking, q) => {
      const rel = relevantSets[q] as Set<ItemId>;
      let hits = 0;
      let sum = 0;
      for (let i = 0; i < Math.min(k, ranking.length); i++) {
        if (rel.has(ranking[i] as ItemId)) {
          hits++;
          sum += hits / (i + 1);
        }
      }
      return sum / Math.min(rel.size, k);
    }),
  );
}

export const mapAtKMetric = defineMetric({
  name: 'mapAtK',
  family: 'ranking',
  description:
    'Mean average precision at k, AP normalised by min(|relevant|, k), averaged over queries.',
  input: ZRecommenderInputSchema,
  params: z.strictObject({ k: ZKSchema }),
  result: ZPerQueryResultSchema,
  compute: (input, params) => mapAtK(input.rankings, input.relevant, params.k),
});
