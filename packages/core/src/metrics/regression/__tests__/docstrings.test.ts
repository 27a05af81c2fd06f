/** Expected values printed in scikit-learn 1.2.1's docstrings (quoted) or exact fractions. */
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../errors/index.js';
import { explainedVarianceScore } from '../explainedVariance.js';
import { meanAbsolutePercentageError } from '../mape.js';
import { medianAbsoluteError } from '../medianAbsoluteError.js';
import { meanSquaredError } from '../mse.js';
import { r2Score } from '../r2.js';
import { rootMeanSquaredError } from '../rmse.js';

const yTrue = [3, -0.5, 2, 7];
const yPred = [2.5, 0.0, 2, 8];

describe('regression metrics on y_true [3, -0.5, 2, 7], y_pred [2.5, 0, 2, 8]', () => {
  it('meanSquaredError = 0.375, rootMeanSquaredError = 0.612…', () => {
    expect(meanSquaredError(yTrue, yPred)).toBeCloseTo(0.375, 15);
    expect(rootMeanSquaredError(yTrue, yPred)).toBeCloseTo(Math.sqrt(0.375), 15);
  });
  it('medianAbsoluteError = 0.5', () => {
    expect(medianAbsoluteError(yTrue, yPred)).toBe(0.5);
  });
  it('r2Score = 0.948… and explainedVarianceScore = 0.957…', () => {
    expect(Math.trunc(r2Score(yTrue, yPred) * 1000)).toBe(948);
    expect(Math.trunc(explainedVarianceScore(yTrue, yPred) * 1000)).toBe(957);
  });
  it('meanAbsolutePercentageError = 0.3273…', () => {
    // (0.5/3 + 0.5/0.5 + 0/2 + 1/7) / 4
    expect(meanAbsolutePercentageError(yTrue, yPred)).toBeCloseTo((0.5 / 3 + 1 + 1 / 7) / 4, 15);
  });
  it('mape with yTrue 0 divides by float64 eps (docstring 112589990684262.48)', () => {
    const v = meanAbsolutePercentageError([1.0, 0.0, 2.4, 7.0], [1.2, 0.1, 2.4, 8.0]);
    expect(Math.abs(v - 112589990684262.48) / 112589990684262.48).toBeLessThan(1e-12);
  });
});

describe('constant yTrue (force_finite)', () => {
  it('r2Score: perfect → 1, [1,2,3] vs [3,2,1] → -3', () => {
    expect(r2Score([-2, -2, -2], [-2, -2, -2])).toBe(1);
    expect(r2Score([1, 2, 3], [3, 2, 1])).toBeCloseTo(-3, 15);
  });
  it('forceFinite false gives NaN and −∞ as NumPy does', () => {
    expect(r2Score([-2, -2, -2], [-2, -2, -2], { forceFinite: false })).toBeNaN();
    expect(r2Score([-2, -2, -2], [-2, -2, -2 + 1e-8], { forceFinite: false })).toBe(
      Number.NEGATIVE_INFINITY,
    );
    expect(explainedVarianceScore([-2, -2, -2], [-2, -2, -2 + 1e-8])).toBe(0);
  });
  it('r2Score of one sample is NaN', () => {
    expect(r2Score([1], [2])).toBeNaN();
  });
});

describe('guards', () => {
  it('NaN is rejected with its position', () => {
    expect(() => meanSquaredError([1, Number.NaN], [1, 2])).toThrow(
      'yTrue[1] is NaN; expected a finite number',
    );
  });
  it('weights of the wrong length are rejected', () => {
    expect(() => meanSquaredError([1, 2], [1, 2], { sampleWeight: [1] })).toThrow(
      InvalidInputError,
    );
  });
});
