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
 * Precision@k = |top-k ∩ relevant| / k, averaged over queries (divided by k even when a ranking is shorter).
 *
 * Reference: the definition in the golden README (no library defines it; checked against a direct
 * NumPy implementation). `relevant` is a set: an item listed twice counts once.
 *
 * @throws InvalidInputError when the query counts differ, a ranking repeats an item, a relevant
 * list is empty or k is not a positive integer.
 */
export function precisionAtK(
  rankings: readonly (readonly ItemId[])[],
  relevant: readonly (readonly ItemId[])[],
  k: number,
): TPerQueryResult {
  const relevantSets = checkRecommenderInput(rankings, relevant, k);
  return perQueryResult(
    rankings.map((ranking, q) => {
      const rel = relevantSets[q] as Set<ItemId>;
      let hits = 0;
      for (let i = 0; i < Math.min(k, ranking.length); i++) {
        if (rel.has(ranking[i] as ItemId)) hits++;
      }
      return hits / k;
    }),
  );
}

export const precisionAtKMetric = defineMetric({
  name: 'precisionAtK',
  family: 'ranking',
  description:
    'Precision@k = |top-k ∩ relevant| / k, averaged over queries (divided by k even when a ranking is shorter).',
  input: ZRecommenderInputSchema,
  params: z.strictObject({ k: ZKSchema }),
  result: ZPerQueryResultSchema,
  compute: (input, params) => precisionAtK(input.rankings, input.relevant, params.k),
});
