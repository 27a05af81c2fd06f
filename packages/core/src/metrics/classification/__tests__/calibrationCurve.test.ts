import { describe, expect, it } from 'vitest';
import { calibrationCurve } from '../calibrationCurve.js';

describe('calibrationCurve', () => {
  it('sklearn docstring: n_bins=3 → prob_true [0, 0.5, 1], prob_pred [0.2, 0.525, 0.85]', () => {
    const yTrue = [0, 0, 0, 0, 1, 1, 1, 1, 1];
    const yProb = [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1.0];
    const curve = calibrationCurve(yTrue, yProb, { nBins: 3 });
    expect(curve.probTrue).toEqual([0, 0.5, 1]);
    curve.probPred.forEach((p, i) => {
      expect(p).toBeCloseTo([0.2, 0.525, 0.85][i] as number, 15);
    });
    expect(curve.counts).toEqual([3, 2, 4]);
  });

  it('probabilities outside [0, 1] are rejected', () => {
    expect(() => calibrationCurve([0, 1], [0.2, 1.2])).toThrow(/outside \[0, 1\]/);
  });
});
