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
 * Mean reciprocal rank: per query 1 / (rank of the first relevant item within the top k, or the
 * whole ranking when k is not given), 0 if there is none; then the mean over queries.
 *
 * Reference: the definition in the golden README, checked against a direct NumPy implementation.
 *
 * @throws InvalidInputError as {@link precisionAtK}.
 */
export function meanReciprocalRank(
  rankings: readonly (readonly ItemId[])[],
  relevant: readonly (readonly ItemId[])[],
  k?: number,
): TPerQueryResult {
  const relevantSets = checkRecommenderInput(rankings, relevant, k);
  return perQueryResult(
    rankings.map((ranking, q) => {
      const rel = relevantSets[q] as Set<ItemId>;
      const depth = Math.min(k ?? ranking.length, ranking.length);
      for (let i = 0; i < depth; i++) {
        if (rel.has(ranking[i] as ItemId)) return 1 / (i + 1);
      }
      return 0;
    }),
  );
}

export const mrrMetric = defineMetric({
  name: 'mrr',
  family: 'ranking',
  description:
    'Mean reciprocal rank of the first relevant item (within the top k if given), averaged over queries.',
  input: ZRecommenderInputSchema,
  params: z.strictObject({ k: ZKSchema.optional() }),
  result: ZPerQueryResultSchema,
  compute: (input, params) => meanReciprocalRank(input.rankings, input.relevant, params.k),
});
