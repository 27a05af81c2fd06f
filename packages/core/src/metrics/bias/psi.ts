import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import { assertFiniteNumbers, assertNonEmpty } from '../../guards/index.js';
import { ZNumbersSchema } from '../../schemas/index.js';
import { defineMetric } from '../defineMetric.js';

export interface PsiOptions {
  /** Bin edges e₀ < e₁ < … < e_m: bins [eᵢ, eᵢ₊₁), the last one closed [e_{m−1}, e_m]. */
  bins: readonly number[];
  /** Floor for empty bins' proportions, so that the logarithm stays finite. @default 1e-4 */
  epsilon?: number;
}

export const ZPsiResultSchema = z.object({
  psi: z.number(),
  expectedProportions: z.array(z.number()),
  actualProportions: z.array(z.number()),
  binContributions: z.array(z.number()),
});
export type TPsiResult = z.infer<typeof ZPsiResultSchema>;

/** Proportion of `values` per bin, binned as `numpy.histogram(values, bins=edges)`. */
function binProportions(
  name: string,
  values: readonly number[],
  edges: readonly number[],
): number[] {
  const m = edges.length - 1;
  const counts = new Float64Array(m);
  const first = edges[0] as number;
  const last = edges[m] as number;
  values.forEach((v, i) => {
    if (v < first || v > last) {
      const message = `${name}[${i}] is ${v}, a value outside the bin edges [${first}, ${last}]`;
      throw new InvalidInputError(message, [{ path: [name, i], message }]);
    }
    // The last bin is closed on the right; otherwise the largest i with edges[i] <= v.
    let lo = 0;
    let hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((edges[mid] as number) <= v) lo = mid;
      else hi = mid - 1;
    }
    counts[lo] = (counts[lo] as number) + 1;
  });
  return Array.from(counts, (c) => c / values.length);
}

/**
 * Population stability index between a reference sample (`expected`) and a new one (`actual`):
 * PSI = Σᵢ (aᵢ − eᵢ)·ln(aᵢ/eᵢ) over the bins, with the proportions of empty bins raised to ε.
 * A common reading: < 0.1 stable, 0.1–0.25 moderate shift, > 0.25 large shift.
 *
 * Reference: the definition in the golden README (NumPy `histogram` binning, checked against a
 * direct NumPy implementation). The proportions are reported before the ε floor.
 *
 * @throws InvalidInputError when a sample is empty, a value lies outside the edges, or the edges
 * are fewer than two or not strictly increasing.
 */
export function populationStabilityIndex(
  expected: readonly number[],
  actual: readonly number[],
  options: PsiOptions,
): TPsiResult {
  const { bins, epsilon = 1e-4 } = options;
  assertNonEmpty('expected', expected);
  assertNonEmpty('actual', actual);
  assertFiniteNumbers('expected', expected);
  assertFiniteNumbers('actual', actual);
  assertFiniteNumbers('bins', bins);
  if (bins.length < 2) {
    const message = `bins has ${bins.length} edges; at least two are required`;
    throw new InvalidInputError(message, [{ path: ['bins'], message }]);
  }
  for (let i = 1; i < bins.length; i++) {
    if (!((bins[i] as number) > (bins[i - 1] as number))) {
      const message = `bins[${i}] is ${bins[i]} after ${bins[i - 1]}; bin edges must be strictly increasing`;
      throw new InvalidInputError(message, [{ path: ['bins', i], message }]);
    }
  }
  if (!(epsilon > 0)) {
    const message = `epsilon is ${epsilon}; expected a number > 0`;
    throw new InvalidInputError(message, [{ path: ['epsilon'], message }]);
  }
  const expectedProportions = binProportions('expected', expected, bins);
  const actualProportions = binProportions('actual', actual, bins);
  let psi = 0;
  const binContributions = expectedProportions.map((e0, i) => {
    const e = Math.max(e0, epsilon);
    const a = Math.max(actualProportions[i] as number, epsilon);
    const contribution = (a - e) * Math.log(a / e);
    psi += contribution;
    return contribution;
  });
  return { psi, expectedProportions, actualProportions, binContributions };
}

export const psiMetric = defineMetric({
  name: 'psi',
  family: 'bias',
  description:
    'Population stability index between a reference and a new sample over fixed bins (selection bias / drift).',
  input: z.strictObject({
    expected: ZNumbersSchema.meta({ description: 'Reference sample (e.g. training data).' }),
    actual: ZNumbersSchema.meta({ description: 'New sample (e.g. production data).' }),
  }),
  params: z.strictObject({
    bins: ZNumbersSchema.meta({ description: 'Strictly increasing bin edges (numpy.histogram).' }),
    epsilon: z.number().gt(0).default(1e-4).meta({ description: 'Floor for empty bins.' }),
  }),
  result: ZPsiResultSchema,
  compute: (input, params) => populationStabilityIndex(input.expected, input.actual, params),
});
