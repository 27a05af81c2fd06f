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
      return hitsInTopK(ranking, relevantSets[q] as Set<ItemId>, k) / k;
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
