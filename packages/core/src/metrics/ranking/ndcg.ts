import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import { assertNonEmpty, assertSameLength } from '../../guards/index.js';
import { ZValueResultSchema } from '../../schemas/index.js';
import { defineMetric } from '../defineMetric.js';

export interface NdcgOptions {
  /** Only the first k ranks count (their discount is 0 beyond). @default undefined (all ranks) */
  k?: number;
}

/** 1/log₂(rank + 2) for 0-based ranks below k, 0 beyond (scikit-learn's discount). */
function discounts(length: number, k: number | undefined): Float64Array {
  const d = new Float64Array(length);
  const cut = k === undefined ? length : Math.min(k, length);
  for (let r = 0; r < cut; r++) d[r] = 1 / (Math.log(r + 2) / Math.log(2));
  return d;
}

/** DCG with tied scores sharing the average gain of their group (scikit-learn `_tie_averaged_dcg`). */
function tieAveragedDcg(
  relevance: readonly number[],
  scores: readonly number[],
  discount: Float64Array,
) {
  const order = Uint32Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => (scores[b] as number) - (scores[a] as number),
  );
  let dcg = 0;
  for (let start = 0; start < order.length; ) {
    const score = scores[order[start] as number];
    let end = start;
    let gain = 0;
    let discountSum = 0;
    while (end < order.length && scores[order[end] as number] === score) {
      gain += relevance[order[end] as number] as number;
      discountSum += discount[end] as number;
      end++;
    }
    dcg += (gain / (end - start)) * discountSum;
    start = end;
  }
  return dcg;
}

/** DCG of the ideal order (relevances sorted decreasingly). */
function idealDcg(relevance: readonly number[], discount: Float64Array): number {
  const sorted = Float64Array.from(relevance).sort().reverse();
  let dcg = 0;
  for (let r = 0; r < sorted.length; r++) dcg += (sorted[r] as number) * (discount[r] as number);
  return dcg;
}

/**
 * Normalised discounted cumulative gain, averaged over queries: DCG@k / ideal DCG@k per query, with
 * gain = relevance (linear, not 2^rel − 1) and discount 1/log₂(rank + 1).
 *
 * Reference: scikit-learn 1.2.1 `sklearn.metrics.ndcg_score(y_true, y_score, k)`: tied scores
 * share the average gain of their group, also when the group straddles the cut-off k; a query whose
 * relevances are all 0 scores 0 and still counts in the mean.
 *
 * @param yTrue - relevance per query and document (≥ 0), one row per query.
 * @param yScore - predicted scores, same shape.
 * @throws InvalidInputError on shape mismatch, fewer than two documents per query, or a negative
 * relevance (scikit-learn 1.2.1 only warns; it is an error from 1.4).
 */
export function ndcgScore(
  yTrue: readonly (readonly number[])[],
  yScore: readonly (readonly number[])[],
  options: NdcgOptions = {},
): number {
  const { k } = options;
  assertSameLength('yTrue', yTrue, 'yScore', yScore, 'queries');
  assertNonEmpty('yTrue', yTrue);
  const documents = (yTrue[0] as readonly number[]).length;
  if (documents < 2) {
    const message = `NDCG needs more than one document per query; yTrue[0] has ${documents}`;
    throw new InvalidInputError(message, [{ path: ['yTrue', 0], message }]);
  }
  if (k !== undefined && !(Number.isInteger(k) && k >= 1)) {
    const message = `k is ${k}; expected an integer ≥ 1`;
    throw new InvalidInputError(message, [{ path: ['k'], message }]);
  }
  yTrue.forEach((row, q) => {
    const scores = yScore[q] as readonly number[];
    if (row.length !== documents || scores.length !== documents) {
      const message = `yTrue/yScore shape mismatch: query ${q} has ${row.length} relevances and ${scores.length} scores; every query needs ${documents}`;
      throw new InvalidInputError(message, [
        { path: [row.length !== documents ? 'yTrue' : 'yScore', q], message },
      ]);
    }
    row.forEach((relevance, d) => {
      if (!(relevance >= 0)) {
        const message = `yTrue[${q}][${d}] is ${relevance}; negative relevance not allowed`;
        throw new InvalidInputError(message, [{ path: ['yTrue', q, d], message }]);
      }
    });
  });
  const discount = discounts(documents, k);
  let sum = 0;
  for (let q = 0; q < yTrue.length; q++) {
    const relevance = yTrue[q] as readonly number[];
    const ideal = idealDcg(relevance, discount);
    if (ideal !== 0)
      sum += tieAveragedDcg(relevance, yScore[q] as readonly number[], discount) / ideal;
  }
  return sum / yTrue.length;
}

export const ndcgMetric = defineMetric({
  name: 'ndcg',
  family: 'ranking',
  description:
    'Normalised DCG with linear gain and tie-averaged ranks, mean over queries (scikit-learn ndcg_score).',
  input: z.strictObject({
    yTrue: z
      .array(z.array(z.number()))
      .meta({ description: 'Relevance (≥ 0), one row per query.' }),
    yScore: z.array(z.array(z.number())).meta({ description: 'Predicted scores, same shape.' }),
  }),
  params: z.strictObject({
    k: z.number().int().min(1).optional().meta({ description: 'Only the top k ranks count.' }),
  }),
  result: ZValueResultSchema,
  compute: (input, params) => ({ value: ndcgScore(input.yTrue, input.yScore, params) }),
});
