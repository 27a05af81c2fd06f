import { InvalidInputError } from '../../errors/index.js';
import type { Label } from '../../labels/index.js';
import { binaryTargets } from './rocCurve.js';

export interface CalibrationCurveOptions {
  /** The positive class. @default 1 when the labels are {0, 1} or {−1, 1}; required otherwise */
  posLabel?: Label;
  /** Number of bins. @default 5 */
  nBins?: number;
  /** `uniform`: equal-width bins on [0, 1]; `quantile`: equal-count bins. @default 'uniform' */
  strategy?: 'uniform' | 'quantile';
}

export interface CalibrationCurve {
  /** Fraction of positives in each non-empty bin. */
  probTrue: number[];
  /** Mean predicted probability in each non-empty bin. */
  probPred: number[];
  /** Samples in each non-empty bin (for the plot's histogram). */
  counts: number[];
}

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
  const { isPositive } = binaryTargets(yTrue, yProb, options.posLabel, undefined);
  yProb.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) {
      const message = `yProb[${i}] is ${p}; y_prob has values outside [0, 1]`;
      throw new InvalidInputError(message, [{ path: ['yProb', i], message }]);
    }
  });
  let edges: number[];
  if (strategy === 'quantile') {
    const sorted = Float64Array.from(yProb).sort();
    edges = Array.from({ length: nBins + 1 }, (_, i) => percentile(sorted, i * (1 / nBins) * 100));
  } else {
    edges = Array.from({ length: nBins + 1 }, (_, i) => i * (1 / nBins));
    edges[nBins] = 1;
  }
  const inner = edges.slice(1, -1);
  const sums = new Float64Array(edges.length);
  const trues = new Float64Array(edges.length);
  const totals = new Float64Array(edges.length);
  yProb.forEach((p, i) => {
    let bin = 0;
    while (bin < inner.length && (inner[bin] as number) < p) bin++;
    sums[bin] = (sums[bin] as number) + p;
    trues[bin] = (trues[bin] as number) + (isPositive[i] as number);
    totals[bin] = (totals[bin] as number) + 1;
  });
  const result: CalibrationCurve = { probTrue: [], probPred: [], counts: [] };
  totals.forEach((total, b) => {
    if (total === 0) return;
    result.probTrue.push((trues[b] as number) / total);
    result.probPred.push((sums[b] as number) / total);
    result.counts.push(total);
  });
  return result;
}
