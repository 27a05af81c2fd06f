/**
 * Expected values are those printed in scikit-learn 1.2.1's docstrings (quoted), or exact
 * fractions of the counts they come from.
 */
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../errors/index.js';
import { averagePrecisionScore } from '../averagePrecision.js';
import { balancedAccuracyScore } from '../balancedAccuracy.js';
import { brierScoreLoss } from '../brierScore.js';
import { confusionMatrix } from '../confusionMatrix.js';
import { f1Score } from '../f1.js';
import { fbetaScore } from '../fbeta.js';
import { logLoss } from '../logLoss.js';
import { matthewsCorrcoef } from '../matthewsCorrcoef.js';
import { precisionScore } from '../precision.js';
import { precisionRecallCurve } from '../precisionRecallCurve.js';
import { rocAucScore } from '../rocAuc.js';
import { rocCurve } from '../rocCurve.js';

const yTrue = [0, 1, 2, 0, 1, 2];
const yPred = [0, 2, 1, 0, 0, 1];

describe('precision / F (sklearn docstrings: y_true = [0, 1, 2, 0, 1, 2], y_pred = [0, 2, 1, 0, 0, 1])', () => {
  it("precisionScore(average 'macro') = 2/9 (docstring 0.22…)", () => {
    expect(precisionScore(yTrue, yPred, { average: 'macro' })).toBeCloseTo(2 / 9, 15);
  });
  it("precisionScore(average 'micro') = 1/3", () => {
    expect(precisionScore(yTrue, yPred, { average: 'micro' })).toBeCloseTo(1 / 3, 15);
  });
  it("f1Score(average 'macro') = 0.8/3 (docstring 0.26…)", () => {
    expect(f1Score(yTrue, yPred, { average: 'macro' })).toBeCloseTo(0.8 / 3, 15);
  });
  it("fbetaScore(beta 0.5, average 'macro') = 0.2380952… (docstring 0.23…)", () => {
    expect(fbetaScore(yTrue, yPred, 0.5, { average: 'macro' })).toBeCloseTo(5 / 21, 15);
  });
  it('zeroDivision 1: classes never predicted score 1 (docstring [0.33…, 1., 1.])', () => {
    const allZero = [0, 0, 0, 0, 0, 0];
    expect(precisionScore(yTrue, allZero, { average: 'macro', zeroDivision: 1 })).toBeCloseTo(
      (1 / 3 + 1 + 1) / 3,
      15,
    );
  });
  it('beta 0 gives precision, a huge beta tends to recall', () => {
    const t = [1, 0, 1, 1, 0, 1];
    const p = [1, 1, 0, 1, 0, 0];
    expect(fbetaScore(t, p, 0)).toBeCloseTo(2 / 3, 15);
    expect(fbetaScore(t, p, 1e6)).toBeCloseTo(2 / 4, 9);
  });
  it('negative beta is rejected', () => {
    expect(() => fbetaScore([0, 1], [0, 1], -1)).toThrow(InvalidInputError);
  });
  it('binary with string labels and no posLabel throws (posLabel 1 is not a label)', () => {
    expect(() => precisionScore(['a', 'b'], ['a', 'b'])).toThrow(/posLabel 1 is not one of/);
  });
});

describe('confusionMatrix', () => {
  it('docstring: y_true [2,0,2,2,0,1], y_pred [0,0,2,2,0,2]', () => {
    expect(confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]).matrix).toEqual([
      [2, 0, 0],
      [0, 0, 1],
      [1, 0, 2],
    ]);
  });
  it('binary ravel: tn, fp, fn, tp = 0, 2, 1, 1', () => {
    expect(confusionMatrix([0, 1, 0, 1], [1, 1, 1, 0]).matrix.flat()).toEqual([0, 2, 1, 1]);
  });
  it("normalize 'true' divides rows by their sums", () => {
    expect(confusionMatrix([0, 0, 1], [0, 1, 1], { normalize: 'true' }).matrix).toEqual([
      [0.5, 0.5],
      [0, 1],
    ]);
  });
  it('repeated labels are refused', () => {
    expect(() => confusionMatrix([0, 1], [0, 1], { labels: [0, 0] })).toThrow(/repeats 0/);
  });
});

describe('other label metrics', () => {
  it('matthewsCorrcoef docstring: [+1,+1,+1,-1] vs [+1,-1,+1,+1] = -1/3', () => {
    expect(matthewsCorrcoef([1, 1, 1, -1], [1, -1, 1, 1])).toBeCloseTo(-1 / 3, 15);
  });
  it('matthewsCorrcoef is 0 when only one class is predicted', () => {
    expect(matthewsCorrcoef([0, 1, 1], [1, 1, 1])).toBe(0);
  });
  it('balancedAccuracyScore docstring: 0.625', () => {
    expect(balancedAccuracyScore([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1])).toBeCloseTo(0.625, 15);
  });
  it('non-integer numeric labels are a continuous target and rejected', () => {
    expect(() => balancedAccuracyScore([0.5, 1], [0.5, 1])).toThrow(/must be integers/);
  });
});

describe('probability metrics (sklearn docstrings)', () => {
  const y = [0, 1, 1, 0];
  const prob = [0.1, 0.9, 0.8, 0.3];
  it('brierScoreLoss = 0.0375 (docstring 0.037…), also via 1 − p with posLabel 0', () => {
    expect(brierScoreLoss(y, prob)).toBeCloseTo(0.0375, 15);
    expect(
      brierScoreLoss(
        y,
        prob.map((p) => 1 - p),
        { posLabel: 0 },
      ),
    ).toBeCloseTo(0.0375, 15);
    expect(brierScoreLoss(['spam', 'ham', 'ham', 'spam'], prob, { posLabel: 'ham' })).toBeCloseTo(
      0.0375,
      15,
    );
  });
  it('brierScoreLoss with string labels and no posLabel throws', () => {
    expect(() => brierScoreLoss(['spam', 'ham'], [0.2, 0.8])).toThrow(/posLabel is not given/);
  });
  it('logLoss docstring: 0.21616…', () => {
    const v = logLoss(
      ['spam', 'ham', 'ham', 'spam'],
      [
        [0.1, 0.9],
        [0.9, 0.1],
        [0.8, 0.2],
        [0.35, 0.65],
      ],
    );
    expect(v).toBeCloseTo(-(2 * Math.log(0.9) + Math.log(0.8) + Math.log(0.65)) / 4, 14);
    expect(v).toBeCloseTo(0.21616, 5);
  });
});

describe('curves and areas (sklearn docstrings: scores [0.1, 0.4, 0.35, 0.8])', () => {
  const scores = [0.1, 0.4, 0.35, 0.8];
  it('rocCurve([1, 1, 2, 2], posLabel 2)', () => {
    const { fpr, tpr, thresholds } = rocCurve([1, 1, 2, 2], scores, { posLabel: 2 });
    expect(fpr).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(tpr).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(thresholds[0]).toBeCloseTo(1.8, 15);
    expect(thresholds.slice(1)).toEqual([0.8, 0.4, 0.35, 0.1]);
  });
  it('rocAucScore of the same data is 0.75', () => {
    expect(rocAucScore([0, 0, 1, 1], scores)).toBeCloseTo(0.75, 15);
  });
  it('precisionRecallCurve([0, 0, 1, 1])', () => {
    const { precision, recall, thresholds } = precisionRecallCurve([0, 0, 1, 1], scores);
    expect(precision.map((p) => Number(p.toFixed(8)))).toEqual([0.5, 0.66666667, 0.5, 1, 1]);
    expect(recall).toEqual([1, 1, 0.5, 0.5, 0]);
    expect(thresholds).toEqual([0.1, 0.35, 0.4, 0.8]);
  });
  it('averagePrecisionScore = 0.8333… (docstring 0.83…)', () => {
    expect(averagePrecisionScore([0, 0, 1, 1], scores)).toBeCloseTo(5 / 6, 15);
  });
  it('weighted and unweighted ROC AUC agree for unit weights', () => {
    const t = [1, 0, 1, 1, 0, 1, 0, 0, 1, 1];
    const s = [0.9, 0.1, 0.5, 0.8, 0.5, 0.7, 0.5, 0.2, 0.5, 0.3];
    expect(rocAucScore(t, s, { sampleWeight: t.map(() => 1) })).toBeCloseTo(rocAucScore(t, s), 15);
  });
  it('a weight of 2 counts like a duplicated sample', () => {
    const t = [0, 1, 0, 1];
    const s = [0.2, 0.3, 0.4, 0.9];
    expect(rocAucScore(t, s, { sampleWeight: [1, 2, 1, 1] })).toBeCloseTo(
      rocAucScore([0, 1, 1, 0, 1], [0.2, 0.3, 0.3, 0.4, 0.9]),
      15,
    );
  });
  it('multiclass scores without multiClass ovr are refused', () => {
    expect(() =>
      rocAucScore(
        [0, 1, 2],
        [
          [0.8, 0.1, 0.1],
          [0.1, 0.8, 0.1],
          [0.1, 0.1, 0.8],
        ],
      ),
    ).toThrow(/multiClass: 'ovr'/);
  });
});
