import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import { assertNonEmpty, assertSameLength } from '../../guards/index.js';
import type { Label } from '../../labels/index.js';
import { ZLabelsSchema } from '../../schemas/index.js';

/** An item id in a ranking: a number or a string (compared with ===). */
export type ItemId = Label;

/** `{ rankings, relevant }`: one ordered ranking and one set of relevant items per query. */
export const ZRecommenderInputSchema = z.strictObject({
  rankings: z
    .array(ZLabelsSchema)
    .meta({ description: 'Per query, the recommended items, best first, no duplicates.' }),
  relevant: z
    .array(ZLabelsSchema)
    .meta({ description: 'Per query, the relevant items (non-empty).' }),
});

export const ZKSchema = z.number().int().min(1).meta({ description: 'Cut-off: the top k items.' });

/** A per-query metric and its mean over queries. */
export const ZPerQueryResultSchema = z.object({ value: z.number(), perQuery: z.array(z.number()) });
export type TPerQueryResult = z.infer<typeof ZPerQueryResultSchema>;

/**
 * Checks recommender input and returns each query's relevant items as a set: as many relevant
 * lists as rankings, none empty, no item twice in a ranking, `k` a positive integer.
 */
export function checkRecommenderInput(
  rankings: readonly (readonly ItemId[])[],
  relevant: readonly (readonly ItemId[])[],
  k: number | undefined,
): Set<ItemId>[] {
  assertSameLength('rankings', rankings, 'relevant', relevant, 'queries');
  assertNonEmpty('rankings', rankings);
  if (k !== undefined && !(Number.isInteger(k) && k >= 1)) {
    const message = `k is ${k}; expected an integer ≥ 1`;
    throw new InvalidInputError(message, [{ path: ['k'], message }]);
  }
  rankings.forEach((ranking, q) => {
    const seen = new Set<ItemId>();
    ranking.forEach((item, i) => {
      if (seen.has(item)) {
        const message = `rankings[${q}] lists ${JSON.stringify(item)} twice; duplicate item in a ranking`;
        throw new InvalidInputError(message, [{ path: ['rankings', q, i], message }]);
      }
      seen.add(item);
    });
  });
  return relevant.map((items, q) => {
    if (items.length === 0) {
      const message = `relevant[${q}] is empty; a query with no relevant items has no score`;
      throw new InvalidInputError(message, [{ path: ['relevant', q], message }]);
    }
    return new Set(items);
  });
}

/** Builds `{ value: mean, perQuery }` from one score per query. */
export function perQueryResult(perQuery: number[]): TPerQueryResult {
  let sum = 0;
  for (const s of perQuery) sum += s;
  return { value: sum / perQuery.length, perQuery };
}

/** How many of the first `k` items of a ranking are relevant. */
export function hitsInTopK(ranking: readonly ItemId[], relevant: Set<ItemId>, k: number): number {
  let hits = 0;
  for (let i = 0; i < Math.min(k, ranking.length); i++) {
    if (relevant.has(ranking[i] as ItemId)) hits++;
  }
  return hits;
}
