import { z } from 'zod';
import { InvalidInputError } from '../errors/index.js';
import { defineMetric } from '../metrics/defineMetric.js';
import { ZNanableValueResultSchema } from '../schemas/index.js';

function fail(path: (string | number)[], message: string): never {
  throw new InvalidInputError(message, [{ path, message }]);
}

/**
 * Fleiss' kappa: agreement of a fixed number of raters per subject beyond chance, from the table
 * of counts `table[i][j]` = how many raters put subject i in category j (every row sums to the
 * same number of raters, at least 2).
 *
 * P̄ = mean over subjects of (Σⱼ nᵢⱼ² − n) / (n(n − 1)), P̄ₑ = Σⱼ pⱼ² with pⱼ the share of all
 * ratings in category j, κ = (P̄ − P̄ₑ) / (1 − P̄ₑ). NaN when every rating falls in one category
 * (0/0), as in the reference.
 *
 * Reference: statsmodels 0.13.5 `statsmodels.stats.inter_rater.fleiss_kappa(table,
 * method='fleiss')` (J. L. Fleiss, "Measuring nominal scale agreement among many raters",
 * Psychological Bulletin 76(5), 1971).
 *
 * @throws InvalidInputError when the table is empty, a count is not a non-negative integer, rows
 * differ in length or in their total, or fewer than 2 raters rate each subject.
 */
export function fleissKappa(table: readonly (readonly number[])[]): number {
  if (table.length === 0) fail(['table'], 'table has no subjects; expected at least one row');
  const categories = (table[0] as readonly number[]).length;
  if (categories === 0) fail(['table', 0], 'table rows are empty; expected one count per category');
  let raters = -1;
  const totals = new Float64Array(categories);
  let pMean = 0;
  table.forEach((row, i) => {
    if (row.length !== categories)
      fail(['table', i], `table[${i}] has ${row.length} counts but table[0] has ${categories}`);
    let sum = 0;
    let squares = 0;
    row.forEach((c, j) => {
      if (!(Number.isInteger(c) && c >= 0))
        fail(['table', i, j], `table[${i}][${j}] is ${c}; expected a non-negative integer count`);
      sum += c;
      squares += c * c;
      totals[j] = (totals[j] as number) + c;
    });
    if (raters === -1) raters = sum;
    else if (sum !== raters)
      fail(
        ['table', i],
        `table[${i}] counts ${sum} ratings but table[0] counts ${raters}; every subject needs the same number of raters`,
      );
    pMean += squares;
  });
  if (raters < 2)
    fail(['table'], `each subject has ${raters} rating(s); expected at least 2 raters`);
  const n = raters;
  const subjects = table.length;
  // (Σᵢ Σⱼ nᵢⱼ² − N·n) / (N·n(n − 1)) is the mean of the per-subject agreements.
  pMean = (pMean - subjects * n) / (subjects * n * (n - 1));
  const grand = subjects * n;
  let pExpected = 0;
  for (const t of totals) pExpected += (t / grand) ** 2;
  return (pMean - pExpected) / (1 - pExpected);
}

export const fleissKappaMetric = defineMetric({
  name: 'fleissKappa',
  family: 'stats',
  description:
    "Fleiss' kappa: agreement of several raters beyond chance from a subjects × categories table of counts (statsmodels fleiss_kappa).",
  input: z.strictObject({
    table: z.array(z.array(z.number().int().nonnegative())).meta({
      description:
        'table[i][j]: raters who put subject i in category j; every row sums to the number of raters.',
    }),
  }),
  params: z.strictObject({}),
  result: ZNanableValueResultSchema,
  compute: (input) => ({ value: fleissKappa(input.table) }),
});
