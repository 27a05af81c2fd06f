import { z } from 'zod';
import { type Histogram, histogram } from '../../stats/histogram.js';
import { defineMetric } from '../defineMetric.js';
import { checkRegressionPair } from './checkRegressionPair.js';
import { ZRegressionInputSchema } from './schemas.js';

/** Options of {@link residuals}. */
export interface ResidualsOptions {
  /** Rows kept for the scatter of residuals against predictions (evenly spaced). @default 5000 */
  maxPoints?: number;
  /** Bins of the histogram: NumPy's 'auto', or a number. @default 'auto' */
  bins?: 'auto' | number;
}

/** What a regression's residuals look like: a scatter sample and the histogram of all of them. */
export type Residuals = {
  /** Rows scored. */
  n: number;
  /** Mean residual (true − predicted): a model that is biased on average is not centred on 0. */
  mean: number;
  /** Population standard deviation of the residuals. */
  std: number;
  /**
   * Up to `maxPoints` rows, evenly spaced over the input (row ⌊j·n / maxPoints⌋; every row when
   * n ≤ maxPoints): their index, prediction and residual.
   */
  points: { rows: number[]; predicted: number[]; residual: number[] };
  /** Histogram of every residual (not only the sample). */
  histogram: Histogram;
};

/**
 * Residuals `yTrue − yPred` of a regression, summarised for drawing: a deterministic sample for a
 * residuals-against-predictions scatter and the histogram of all residuals with NumPy's bins.
 * Computed in the batch test itself and stored with its report, so the portal draws what the
 * test scored instead of predicting again.
 *
 * Reference: NumPy 1.24 `numpy.histogram(y_true - y_pred, bins='auto')`, `numpy.mean`,
 * `numpy.std` (scripts/reference/histogram.py for the bins).
 *
 * @throws InvalidInputError on mismatched, empty or non-finite input.
 */
export function residuals(
  yTrue: readonly number[],
  yPred: readonly number[],
  options: ResidualsOptions = {},
): Residuals {
  checkRegressionPair(yTrue, yPred, undefined);
  const n = yTrue.length;
  const maxPoints = options.maxPoints ?? 5000;
  const r = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i += 1) {
    r[i] = (yTrue[i] as number) - (yPred[i] as number);
    sum += r[i] as number;
  }
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i += 1) squares += ((r[i] as number) - mean) ** 2;
  const kept = Math.min(n, maxPoints);
  const points = { rows: [] as number[], predicted: [] as number[], residual: [] as number[] };
  for (let j = 0; j < kept; j += 1) {
    const i = kept === n ? j : Math.floor((j * n) / kept);
    points.rows.push(i);
    points.predicted.push(yPred[i] as number);
    points.residual.push(r[i] as number);
  }
  return {
    n,
    mean,
    std: Math.sqrt(squares / n),
    points,
    histogram: histogram(r, { bins: options.bins ?? 'auto' }),
  };
}

const ZHistogramSchema = z.object({ edges: z.array(z.number()), counts: z.array(z.number()) });

export const residualsMetric = defineMetric({
  name: 'residuals',
  family: 'regression',
  description:
    'Residuals (true − predicted) for drawing: an evenly spaced sample against the predictions and the histogram of all of them (NumPy bins).',
  // No weights: a residual plot draws rows, and a weight would change nothing it shows.
  input: ZRegressionInputSchema.omit({ sampleWeight: true }),
  params: z.strictObject({
    maxPoints: z.int().min(1).max(100_000).default(5000).meta({
      description: 'Rows kept for the scatter of residuals against predictions.',
    }),
    bins: z
      .union([z.literal('auto'), z.int().min(1).max(1000)])
      .default('auto')
      .meta({ description: "Histogram bins: NumPy's 'auto', or a number of equal-width bins." }),
  }),
  result: z.object({
    n: z.number(),
    mean: z.number(),
    std: z.number(),
    points: z.object({
      rows: z.array(z.number()),
      predicted: z.array(z.number()),
      residual: z.array(z.number()),
    }),
    histogram: ZHistogramSchema,
  }),
  compute: (input, params) => residuals(input.yTrue, input.yPred, params),
});
