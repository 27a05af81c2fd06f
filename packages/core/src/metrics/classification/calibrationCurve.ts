import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import { assertSameLength } from '../../guards/index.js';
import type { Label } from '../../labels/index.js';
import { ZLabelsSchema } from '../../schemas/index.js';
import { defineMetric } from '../defineMetric.js';
import { binaryTargets, ZCurvePosLabelSchema } from './rocCurve.js';

export interface CalibrationCurveOptions {
  /** The positive class. @default 1 when the labels are {0, 1} or {−1, 1}; required otherwise */
  posLabel?: Label;
  /** Number of bins. @default 5 */
  nBins?: number;
  /** `uniform`: equal-width bins on [0, 1]; `quantile`: equal-count bins. @default 'uniform' */
  strategy?: 'uniform' | 'quantile';
}

// A type alias, not an interface: metric results must be assignable to Record<string, unknown>.
export type CalibrationCurve = {
  /** Fraction of positives in each non-empty bin. */
  probTrue: number[];
  /** Mean predicted probability in each non-empty bin. */
  probPred: number[];
  /** Samples in each non-empty bin (for the plot's histogram). */
  counts: number[];
};

/** NumPy `percentile(a, q)` with the default linear interpolation, on sorted data. */
function percentile(sorted: Float64Array, q: number): number {
  const index = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(index);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const t = index - lo;
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

/**
 * Calibration (reliability) curve, for plots: predicted probabilities are binned and, per
 * non-empty bin, the observed fraction of positives is set against the mean prediction. A
 * well-calibrated model lies on the diagonal.
 *
 * Reference: scikit-learn 1.2.1 `sklearn.calibration.calibration_curve(y_true, y_prob, pos_label,
 * n_bins, strategy)`: a probability goes to the bin of the inner edges strictly below it
 * (`searchsorted(bins[1:-1], p)`), edges are `i·(1/n)` (or percentiles), empty bins are left out.
 * `counts` is an addition.
 *
 * @throws InvalidInputError on mismatched or empty input, more than two classes, a probability
 * outside [0, 1] or nBins < 1.
 */
export function calibrationCurve(
  yTrue: readonly Label[],
  yProb: readonly number[],
  options: CalibrationCurveOptions = {},
): CalibrationCurve {
  const { nBins = 5, strategy = 'uniform' } = options;
  if (!(Number.isInteger(nBins) && nBins >= 1)) {
    const message = `nBins is ${nBins}; expected an integer ≥ 1`;
    throw new InvalidInputError(message, [{ path: ['nBins'], message }]);
  }
  assertSameLength('yTrue', yTrue, 'yProb', yProb, 'values');
  const { isPositive } = binaryTargets(yTrue, yProb, options.posLabel, undefined);
  const n = yProb.length;
  for (let i = 0; i < n; i++) {
    const p = yProb[i] as number;
    if (!(p >= 0 && p <= 1)) {
      const message = `yProb[${i}] is ${p}; y_prob has values outside [0, 1]`;
      throw new InvalidInputError(message, [{ path: ['yProb', i], message }]);
    }
  }
  // numpy.linspace(0, 1, nBins + 1): i·step, the last point set to the stop exactly.
  const quantiles = Array.from({ length: nBins + 1 }, (_, i) =>
    i === nBins ? 1 : i * (1 / nBins),
  );
  let edges: number[];
  if (strategy === 'quantile') {
    const sorted = Float64Array.from(yProb).sort();
    edges = quantiles.map((q) => percentile(sorted, q * 100));
  } else {
    edges = quantiles;
  }
  const inner = edges.slice(1, -1);
  const sums = new Float64Array(edges.length);
  const trues = new Float64Array(edges.length);
  const totals = new Float64Array(edges.length);
  for (let i = 0; i < n; i++) {
    const p = yProb[i] as number;
    // searchsorted(inner, p, side='left'): the number of inner edges strictly below p.
    let lo = 0;
    let hi = inner.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((inner[mid] as number) < p) lo = mid + 1;
      else hi = mid;
    }
    sums[lo] = (sums[lo] as number) + p;
    trues[lo] = (trues[lo] as number) + (isPositive[i] as number);
    totals[lo] = (totals[lo] as number) + 1;
  }
  const result: CalibrationCurve = { probTrue: [], probPred: [], counts: [] };
  totals.forEach((total, b) => {
    if (total === 0) return;
    result.probTrue.push((trues[b] as number) / total);
    result.probPred.push((sums[b] as number) / total);
    result.counts.push(total);
  });
  return result;
}

export const calibrationCurveMetric = defineMetric({
  name: 'calibrationCurve',
  family: 'classification',
  description:
    'Calibration (reliability) curve: observed fraction of positives vs mean predicted probability per bin, for plots (scikit-learn 1.2.1 calibration_curve).',
  input: z.strictObject({
    yTrue: ZLabelsSchema,
    yProb: z
      .array(z.number())
      .meta({ description: 'Predicted probability of the positive class per sample, in [0, 1].' }),
  }),
  params: z.strictObject({
    posLabel: ZCurvePosLabelSchema,
    nBins: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(5)
      .meta({ description: 'Number of bins (empty bins are left out of the result).' }),
    strategy: z
      .enum(['uniform', 'quantile'])
      .default('uniform')
      .meta({ description: 'uniform: equal-width bins on [0, 1]; quantile: equal-count bins.' }),
  }),
  result: z.object({
    probTrue: z
      .array(z.number())
      .meta({ description: 'Fraction of positives in each non-empty bin.' }),
    probPred: z
      .array(z.number())
      .meta({ description: 'Mean predicted probability in each non-empty bin.' }),
    counts: z.array(z.number().int()).meta({ description: 'Samples in each non-empty bin.' }),
  }),
  compute: (input, params) => calibrationCurve(input.yTrue, input.yProb, params),
});
