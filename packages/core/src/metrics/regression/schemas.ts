import { z } from 'zod';
import { ZNumbersSchema, ZSampleWeightSchema } from '../../schemas/index.js';

/** `{ yTrue, yPred, sampleWeight? }`: true and predicted values of the same samples. */
export const ZRegressionInputSchema = z.strictObject({
  yTrue: ZNumbersSchema.meta({ description: 'True values (finite numbers).' }),
  yPred: ZNumbersSchema.meta({ description: 'Predicted values (finite numbers).' }),
  sampleWeight: ZSampleWeightSchema,
});

/** Options of every regression metric. */
export interface RegressionOptions {
  /** Per-sample weights (≥ 0, positive total). @default undefined (all 1) */
  sampleWeight?: readonly number[];
}

/** Options of R² and explained variance. */
export interface ForceFiniteOptions extends RegressionOptions {
  /**
   * Replace the undefined scores of a constant yTrue by 1 (perfect prediction) or 0 (otherwise),
   * as scikit-learn's `force_finite=True`; `false` gives NaN or −∞. @default true
   */
  forceFinite?: boolean;
}

export const ZForceFiniteParamsSchema = z.strictObject({
  forceFinite: z.boolean().default(true).meta({
    description: 'Constant yTrue: 1 for a perfect prediction, else 0 (instead of NaN/−∞).',
  }),
});

/**
 * scikit-learn's `_assemble_r2_explained_variance` for one output: 1 − num/den, with
 * `forceFinite` mapping num = 0 → 1 and den = 0 < num → 0.
 */
export function assembleScore(
  numerator: number,
  denominator: number,
  forceFinite: boolean,
): number {
  if (!forceFinite) return 1 - numerator / denominator;
  if (numerator === 0) return 1;
  if (denominator === 0) return 0;
  return 1 - numerator / denominator;
}
