import { z } from 'zod';
import { assertNonEmpty } from '../../guards/index.js';
import { assertSameLabelKind, compareLabels, type Label } from '../../labels/index.js';
import { ZLabelSchema } from '../../schemas/index.js';
import { defineMetric } from '../defineMetric.js';

export type CategoryCoverageRow = {
  category: Label;
  referenceCount: number;
  productionCount: number;
  referenceShare: number;
  productionShare: number;
};

// A type alias, not an interface: metric results must be assignable to Record<string, unknown>.
export type CategoryCoverage = {
  /** Every category seen in either sample, sorted (numbers numerically, strings by code point). */
  categories: CategoryCoverageRow[];
  /** Fraction of production entries whose category occurs in the reference (training) data. */
  coverage: number;
  /** Production categories absent from the reference data, sorted. */
  unseenCategories: Label[];
  /** Largest over smallest reference count among the reference categories (1 = balanced). */
  imbalanceRatio: number;
};

function countLabels(values: readonly Label[]): Map<Label, number> {
  const counts = new Map<Label, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/**
 * Interaction bias: how well the data a model learnt from covers the kinds of entries it meets in
 * production. Per category the counts and shares in both samples; the share of production entries
 * whose category was seen in the reference data; the categories never seen; and the imbalance of
 * the reference data (largest / smallest category count).
 *
 * @param reference - category of each training (reference) entry.
 * @param production - category of each production entry.
 * @throws InvalidInputError when a sample is empty or the two mix numbers and strings.
 */
export function categoryCoverage(
  reference: readonly Label[],
  production: readonly Label[],
): CategoryCoverage {
  assertNonEmpty('reference', reference);
  assertNonEmpty('production', production);
  assertSameLabelKind({ reference, production });
  const ref = countLabels(reference);
  const prod = countLabels(production);
  const all = [...new Set<Label>([...ref.keys(), ...prod.keys()])].sort(compareLabels);
  let covered = 0;
  const unseenCategories: Label[] = [];
  const categories = all.map((category) => {
    const referenceCount = ref.get(category) ?? 0;
    const productionCount = prod.get(category) ?? 0;
    if (referenceCount > 0) covered += productionCount;
    else unseenCategories.push(category);
    return {
      category,
      referenceCount,
      productionCount,
      referenceShare: referenceCount / reference.length,
      productionShare: productionCount / production.length,
    };
  });
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (const c of ref.values()) {
    if (c < min) min = c;
    if (c > max) max = c;
  }
  return {
    categories,
    coverage: covered / production.length,
    unseenCategories,
    imbalanceRatio: max / min,
  };
}

const ZCategoriesSchema = z.union([z.array(z.number()), z.array(z.string())], {
  error: 'expected an array of numbers or strings (all of one type)',
});

export const categoryCoverageMetric = defineMetric({
  name: 'categoryCoverage',
  family: 'bias',
  description:
    'Interaction bias: how the reference (training) data covers the categories seen in production — per-category counts and shares, coverage, unseen categories, imbalance.',
  input: z.strictObject({
    reference: ZCategoriesSchema.meta({
      description: 'Category of each reference (training) entry: all numbers or all strings.',
    }),
    production: ZCategoriesSchema.meta({
      description: 'Category of each production entry, of the same kind as reference.',
    }),
  }),
  params: z.strictObject({}),
  result: z.object({
    categories: z
      .array(
        z.object({
          category: ZLabelSchema,
          referenceCount: z.number().int(),
          productionCount: z.number().int(),
          referenceShare: z.number(),
          productionShare: z.number(),
        }),
      )
      .meta({ description: 'Every category of either sample, sorted, with counts and shares.' }),
    coverage: z
      .number()
      .meta({ description: 'Fraction of production entries whose category the reference has.' }),
    unseenCategories: z
      .array(ZLabelSchema)
      .meta({ description: 'Production categories absent from the reference, sorted.' }),
    imbalanceRatio: z.number().meta({
      description: 'Largest / smallest reference category count (1 = balanced).',
    }),
  }),
  compute: (input) => categoryCoverage(input.reference, input.production),
});
