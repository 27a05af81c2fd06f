import { z } from 'zod';
import { defineMetric } from '../defineMetric.js';
import {
  checkRecommenderInput,
  hitsInTopK,
  type ItemId,
  perQueryResult,
  type TPerQueryResult,
  ZKSchema,
  ZPerQueryResultSchema,
  ZRecommenderInputSchema,
} from './recommender.js';

/**
 * Recall@k = |top-k ∩ relevant| / |relevant|, averaged over queries.
 *
 * Reference: the definition in the golden README (no library defines it; checked against a direct
 * NumPy implementation). `relevant` is a set: an item listed twice counts once.
 *
 * @throws InvalidInputError when the query counts differ, a ranking repeats an item, a relevant
 * list is empty or k is not a positive integer.
 */
export function recallAtK(
  rankings: readonly (readonly ItemId[])[],
  relevant: readonly (readonly ItemId[])[],
  k: number,
): TPerQueryResult {
  const relevantSets = checkRecommenderInput(rankings, relevant, k);
  return perQueryResult(
    rankings.map((ranking, q) => {
      const rel = relevantSets[q] as Set<ItemId>;
      return hitsInTopK(ranking, rel, k) / rel.size;
    }),
  );
}

export const recallAtKMetric = defineMetric({
  name: 'recallAtK',
  family: 'ranking',
  description: 'Recall@k = |top-k ∩ relevant| / |relevant|, averaged over queries.',
  input: ZRecommenderInputSchema,
  params: z.strictObject({ k: ZKSchema }),
  result: ZPerQueryResultSchema,
  compute: (input, params) => recallAtK(input.rankings, input.relevant, params.k),
});
