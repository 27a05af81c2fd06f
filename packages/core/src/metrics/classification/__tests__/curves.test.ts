/**
 * The plot curves through the catalog (`computeMetric`). The public golden files have no case for
 * them (`NO_GOLDEN_CASES` in test/golden.test.ts), so every expected value below is the output of
 * scikit-learn 1.2.1 (Debian python3-sklearn) for the Python one-liner quoted beside it, run with
 * `/usr/bin/python3`; `[a.tolist() for a in …]` printed the arrays.
 */
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../errors/index.js';
import { computeMetric } from '../../computeMetric.js';

const yTrue = [0, 1, 1, 0, 1, 0, 1, 1, 0, 0];
const yScore = [0.1, 0.4, 0.35, 0.8, 0.65, 0.4, 0.9, 0.35, 0.2, 0.65];
// Weighted string labels; the zero weight drops its sample (and its threshold 0.9).
const yTrueStr = ['no', 'yes', 'yes', 'no', 'yes'];
const yScoreStr = [0.3, 0.7, 0.2, 0.5, 0.9];
const weights = [1, 2, 0.5, 1, 0];

function expectClose(actual: unknown, expected: readonly number[]): void {
  expect(Array.isArray(actual)).toBe(true);
  const values = actual as number[];
  expect(values).toHaveLength(expected.length);
  values.forEach((v, i) => {
    const e = expected[i] as number;
    expect(Math.abs(v - e), `[${i}]: ${v} vs ${e}`).toBeLessThanOrEqual(1e-12 * Math.max(1, e));
  });
}

function invalid(fn: () => unknown): InvalidInputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error('expected InvalidInputError');
}

describe("computeMetric('rocCurve', …) = sklearn.metrics.roc_curve", () => {
  it('ties and drop_intermediate=True (the default)', () => {
    const r = computeMetric('rocCurve', { yTrue, yScore });
    // roc_curve([0,1,1,0,1,0,1,1,0,0],[0.1,0.4,0.35,0.8,0.65,0.4,0.9,0.35,0.2,0.65])
    expectClose(r.fpr, [0.0, 0.0, 0.2, 0.6, 0.6, 1.0]);
    expectClose(r.tpr, [0.0, 0.2, 0.2, 0.6, 1.0, 1.0]);
    expectClose(r.thresholds, [1.9, 0.9, 0.8, 0.4, 0.35, 0.1]);
  });

  it('dropIntermediate: false keeps every distinct threshold', () => {
    const r = computeMetric('rocCurve', { yTrue, yScore }, { dropIntermediate: false });
    // roc_curve(<same>, drop_intermediate=False)
    expectClose(r.fpr, [0.0, 0.0, 0.2, 0.4, 0.6, 0.6, 0.8, 1.0]);
    expectClose(r.tpr, [0.0, 0.2, 0.2, 0.4, 0.6, 1.0, 1.0, 1.0]);
    expectClose(r.thresholds, [1.9, 0.9, 0.8, 0.65, 0.4, 0.35, 0.2, 0.1]);
  });

  it('string labels with posLabel and sample weights (a zero weight drops the sample)', () => {
    const r = computeMetric(
      'rocCurve',
      { yTrue: yTrueStr, yScore: yScoreStr, sampleWeight: weights },
      { posLabel: 'yes' },
    );
    // roc_curve(['no','yes','yes','no','yes'],[0.3,0.7,0.2,0.5,0.9],pos_label='yes',sample_weight=[1,2,0.5,1,0])
    expectClose(r.fpr, [0.0, 0.0, 1.0, 1.0]);
    expectClose(r.tpr, [0.0, 0.8, 0.8, 1.0]);
    expectClose(r.thresholds, [1.7, 0.7, 0.3, 0.2]);
  });

  it('string labels without posLabel are refused (as scikit-learn does)', () => {
    const error = invalid(() => computeMetric('rocCurve', { yTrue: yTrueStr, yScore: yScoreStr }));
    expect(error.issues[0]?.path).toEqual(['params', 'posLabel']);
  });

  it('one class only: the curve is undefined, an error instead of NaN rates', () => {
    invalid(() => computeMetric('rocCurve', { yTrue: [1, 1], yScore: [0.2, 0.3] }));
  });

  it('a length mismatch names both arrays', () => {
    const error = invalid(() => computeMetric('rocCurve', { yTrue: [0, 1], yScore: [0.2] }));
    expect(error.message).toBe('yTrue has 2 values but yScore has 1');
    expect(error.issues[0]?.path).toEqual(['input', 'yScore']);
  });
});

describe("computeMetric('precisionRecallCurve', …) = sklearn.metrics.precision_recall_curve", () => {
  it('ties; points by increasing threshold, ending at (recall 0, precision 1)', () => {
    const r = computeMetric('precisionRecallCurve', { yTrue, yScore });
    // precision_recall_curve([0,1,1,0,1,0,1,1,0,0],[0.1,0.4,0.35,0.8,0.65,0.4,0.9,0.35,0.2,0.65])
    expectClose(r.precision, [0.5, 0.5555555555555556, 0.625, 0.5, 0.5, 0.5, 1.0, 1.0]);
    expectClose(r.recall, [1.0, 1.0, 1.0, 0.6, 0.4, 0.2, 0.2, 0.0]);
    expectClose(r.thresholds, [0.1, 0.2, 0.35, 0.4, 0.65, 0.8, 0.9]);
  });

  it('string labels with posLabel and sample weights', () => {
    const r = computeMetric(
      'precisionRecallCurve',
      { yTrue: yTrueStr, yScore: yScoreStr, sampleWeight: weights },
      { posLabel: 'yes' },
    );
    // precision_recall_curve(['no','yes','yes','no','yes'],[0.3,0.7,0.2,0.5,0.9],pos_label='yes',sample_weight=[1,2,0.5,1,0])
    expectClose(r.precision, [0.5555555555555556, 0.5, 0.6666666666666666, 1.0, 1.0]);
    expectClose(r.recall, [1.0, 0.8, 0.8, 0.8, 0.0]);
    expectClose(r.thresholds, [0.2, 0.3, 0.5, 0.7]);
  });

  it('no positive sample is an error (scikit-learn warns and returns recall 1)', () => {
    invalid(() => computeMetric('precisionRecallCurve', { yTrue: [0, 0], yScore: [0.2, 0.3] }));
  });
});

describe("computeMetric('calibrationCurve', …) = sklearn.calibration.calibration_curve", () => {
  it('uniform bins (n_bins=4); empty bins are left out', () => {
    const r = computeMetric('calibrationCurve', { yTrue, yProb: yScore }, { nBins: 4 });
    // calibration_curve([0,1,1,0,1,0,1,1,0,0],[0.1,0.4,0.35,0.8,0.65,0.4,0.9,0.35,0.2,0.65],n_bins=4)
    expectClose(r.probTrue, [0.0, 0.75, 0.5, 0.5]);
    expectClose(r.probPred, [0.15000000000000002, 0.375, 0.65, 0.8500000000000001]);
    // np.bincount(np.searchsorted(np.linspace(0,1,5)[1:-1], <y_prob>), minlength=5) → [2,4,2,2,0]
    expect(r.counts).toEqual([2, 4, 2, 2]);
  });

  it("strategy 'quantile' (n_bins=3)", () => {
    const r = computeMetric(
      'calibrationCurve',
      { yTrue, yProb: yScore },
      { nBins: 3, strategy: 'quantile' },
    );
    // calibration_curve(<same>, n_bins=3, strategy='quantile')
    expectClose(r.probTrue, [0.5, 0.5, 0.5]);
    expectClose(r.probPred, [0.25, 0.4, 0.75]);
  });

  it('string labels with posLabel; a probability on an edge goes to the lower bin', () => {
    const r = computeMetric(
      'calibrationCurve',
      { yTrue: ['b', 'a', 'a', 'b'], yProb: [0.0, 0.25, 1.0, 0.75] },
      { nBins: 4, posLabel: 'a' },
    );
    // calibration_curve(['b','a','a','b'],[0.0,0.25,1.0,0.75],n_bins=4,pos_label='a')
    expectClose(r.probTrue, [0.5, 0.0, 1.0]);
    expectClose(r.probPred, [0.125, 0.75, 1.0]);
  });

  it('a probability outside [0, 1] names its index', () => {
    const error = invalid(() =>
      computeMetric('calibrationCurve', { yTrue: [0, 1], yProb: [0.2, 1.2] }),
    );
    expect(error.issues[0]?.path).toEqual(['input', 'yProb', 1]);
  });

  it('nBins must be a positive integer (schema)', () => {
    const error = invalid(() =>
      computeMetric('calibrationCurve', { yTrue: [0, 1], yProb: [0.2, 0.8] }, { nBins: 0 }),
    );
    expect(error.issues[0]?.path).toEqual(['params', 'nBins']);
  });
});
