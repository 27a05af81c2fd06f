import { z } from 'zod';
import { InvalidInputError } from '../errors/index.js';
import { assertNonEmpty, assertSameLength } from '../guards/index.js';
import { defineMetric } from '../metrics/defineMetric.js';
import { binomialCdf, chiSquareSf } from './distributions/index.js';
import { ZCountSchema } from './schemas.js';

export interface McNemarOptions {
  /** Exact binomial test on the discordant pairs; else the χ² approximation. @default true */
  exact?: boolean;
  /** χ² only: continuity correction (|b − c| − 1)². @default true */
  correction?: boolean;
}

/** A 2×2 table of paired outcomes: rows = A correct/wrong, columns = B correct/wrong. */
export type McNemarTable = readonly [readonly [number, number], readonly [number, number]];

export const ZMcNemarResultSchema = z.object({
  statistic: z.number().meta({
    description:
      'Exact: min(b, c), the smaller discordant count. χ²: (|b − c| − correction)²/(b + c).',
  }),
  pValue: z.number(),
  method: z.enum(['exact', 'chi2']),
  /** b = table[0][1], c = table[1][0]. */
  discordantAB: z.number().int().meta({ description: 'table[0][1]: A right (row 0), B wrong.' }),
  discordantBA: z.number().int().meta({ description: 'table[1][0]: A wrong, B right.' }),
});
export type TMcNemarResult = z.infer<typeof ZMcNemarResultSchema>;

function fail(path: (string | number)[], message: string): never {
  throw new InvalidInputError(message, [{ path, message }]);
}

/**
 * The 2×2 table of two paired correctness vectors: `[[both right, A right B wrong],
 * [A wrong B right, both wrong]]` (row = A, column = B; "right" = true / 1).
 *
 * @throws InvalidInputError when the vectors are empty or differ in length.
 */
export function mcnemarTable(
  correctA: readonly (boolean | number)[],
  correctB: readonly (boolean | number)[],
): [[number, number], [number, number]] {
  assertNonEmpty('correctA', correctA);
  assertSameLength('correctA', correctA, 'correctB', correctB, 'outcomes');
  const t: [[number, number], [number, number]] = [
    [0, 0],
    [0, 0],
  ];
  for (let i = 0; i < correctA.length; i++) {
    const a = correctA[i];
    const b = correctB[i];
    for (const [name, v] of [
      ['correctA', a],
      ['correctB', b],
    ] as const) {
      if (!(v === true || v === false || v === 0 || v === 1))
        fail([name, i], `${name}[${i}] is ${JSON.stringify(v)}; expected true/false or 1/0`);
    }
    const row = a === true || a === 1 ? 0 : 1;
    const col = b === true || b === 1 ? 0 : 1;
    t[row][col] += 1;
  }
  return t;
}

/**
 * McNemar's test of paired binary outcomes (did two classifiers make errors on the same rows
 * equally often?). Only the discordant cells b = table[0][1] and c = table[1][0] matter.
 *
 * Reference: statsmodels 0.13.5 `statsmodels.stats.contingency_tables.mcnemar(table, exact,
 * correction)`:
 * - exact: statistic = min(b, c), p = min(1, 2·BinomCdf(min(b, c); b + c, ½));
 * - χ²: statistic = (|b − c| − [correction])²/(b + c), p = χ²₁ survival.
 *
 * With no discordant pair the exact p-value is 1 (statsmodels' min(1, 2·1)); the χ² statistic is
 * 0/0 there (statsmodels returns NaN), so this throws instead.
 *
 * @example mcnemar([[59, 6], [16, 80]], { exact: false }) // → { statistic: 3.68…, pValue: 0.055… }
 * @throws InvalidInputError when a cell is not a non-negative integer, or χ² with b + c = 0.
 */
export function mcnemar(table: McNemarTable, options: McNemarOptions = {}): TMcNemarResult {
  const { exact = true, correction = true } = options;
  if (table.length !== 2 || table.some((row) => row.length !== 2))
    fail(['table'], 'table must be 2×2: [[a, b], [c, d]]');
  table.forEach((row, i) => {
    row.forEach((v, j) => {
      if (!(Number.isInteger(v) && v >= 0))
        fail(['table', i, j], `table[${i}][${j}] is ${v}; expected a non-negative integer count`);
    });
  });
  const b = table[0][1];
  const c = table[1][0];
  if (exact) {
    const statistic = Math.min(b, c);
    const pValue = Math.min(1, 2 * binomialCdf(statistic, b + c, 0.5));
    return { statistic, pValue, method: 'exact', discordantAB: b, discordantBA: c };
  }
  if (b + c === 0)
    fail(['table'], 'no discordant pairs (b + c = 0): the χ² statistic is undefined; use exact');
  const statistic = (Math.abs(b - c) - (correction ? 1 : 0)) ** 2 / (b + c);
  return {
    statistic,
    pValue: chiSquareSf(statistic, 1),
    method: 'chi2',
    discordantAB: b,
    discordantBA: c,
  };
}

const ZTableInputSchema = z.strictObject({
  table: z
    .tuple([z.tuple([ZCountSchema, ZCountSchema]), z.tuple([ZCountSchema, ZCountSchema])])
    .meta({ description: '[[both right, A right B wrong], [A wrong B right, both wrong]].' }),
});
const ZCorrectnessInputSchema = z.strictObject({
  correctA: z
    .array(z.union([z.boolean(), z.literal(0), z.literal(1)]))
    .meta({ description: 'Per row: was system A right?' }),
  correctB: z
    .array(z.union([z.boolean(), z.literal(0), z.literal(1)]))
    .meta({ description: 'Per row: was system B right? (same rows)' }),
});

export const mcnemarMetric = defineMetric({
  name: 'mcnemar',
  family: 'stats',
  description:
    "McNemar's test of paired binary outcomes (two classifiers on the same rows), exact binomial or χ² with or without continuity correction (statsmodels mcnemar).",
  input: z.union([ZTableInputSchema, ZCorrectnessInputSchema], {
    error: 'expected { table: [[a, b], [c, d]] } or { correctA, correctB }',
  }),
  params: z.strictObject({
    exact: z
      .boolean()
      .default(true)
      .meta({ description: 'Exact binomial test (else χ²); prefer it below 25 discordant pairs.' }),
    correction: z.boolean().default(true).meta({ description: 'χ² only: continuity correction.' }),
  }),
  result: ZMcNemarResultSchema,
  compute: (input, params) =>
    mcnemar('table' in input ? input.table : mcnemarTable(input.correctA, input.correctB), params),
});
