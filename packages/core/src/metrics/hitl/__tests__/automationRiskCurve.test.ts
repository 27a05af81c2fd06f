import { describe, expect, it } from 'vitest';
import { computeMetric } from '../../computeMetric.js';
import { automationRisk } from '../automationRisk.js';
import { automationRiskCurve } from '../automationRiskCurve.js';

describe('automationRiskCurve(scores, correct)', () => {
  const scores = [0.9, 0.8, 0.8, 0.4, 0.2];
  const correct = [true, false, true, true, false];

  it('each point equals automationRisk with "automated = score ≥ threshold"', () => {
    const curve = automationRiskCurve(scores, correct);
    expect(curve.thresholds).toEqual([0.9, 0.8, 0.4, 0.2]);
    curve.thresholds.forEach((t, i) => {
      const direct = automationRisk(
        scores.map((s, k) => ({ automated: s >= t, correct: correct[k] as boolean })),
      );
      expect(curve.rateOfAutomation[i]).toBe(direct.rateOfAutomation);
      expect(curve.riskRate[i]).toBe(direct.riskRate);
      expect(curve.automatedAccuracy[i]).toBe(direct.automatedAccuracy);
    });
  });
});

describe("computeMetric('automationRiskCurve', …)", () => {
  it('matches the NumPy definition (automate when score ≥ threshold)', () => {
    const r = computeMetric('automationRiskCurve', {
      scores: [0.9, 0.8, 0.8, 0.4, 0.2, 0.4, 0.95],
      correct: [true, false, true, true, false, false, true],
    });
    // /usr/bin/python3 -c "import numpy as np; s=np.array([0.9,0.8,0.8,0.4,0.2,0.4,0.95]);
    //   c=np.array([1,0,1,1,0,0,1],bool); t=np.unique(s)[::-1]; a=[(s>=x) for x in t];
    //   print(t.tolist(), [m.mean() for m in a], [(m&~c).sum()/m.sum() for m in a],
    //   [(m&c).sum()/m.sum() for m in a])"
    expect(r.thresholds).toEqual([0.95, 0.9, 0.8, 0.4, 0.2]);
    const close = (actual: unknown, expected: number[]) =>
      expected.forEach((e, i) => {
        expect((actual as number[])[i]).toBeCloseTo(e, 15);
      });
    close(
      r.rateOfAutomation,
      [0.14285714285714285, 0.2857142857142857, 0.5714285714285714, 0.8571428571428571, 1.0],
    );
    close(r.riskRate, [0.0, 0.0, 0.25, 0.3333333333333333, 0.42857142857142855]);
    close(r.automatedAccuracy, [1.0, 1.0, 0.75, 0.6666666666666666, 0.5714285714285714]);
  });

  it('a non-boolean in correct is refused by the schema, with its path', () => {
    expect(() =>
      computeMetric('automationRiskCurve', { scores: [0.9, 0.1], correct: [true, 1] }),
    ).toThrow(/^input\.correct\[1\]: expected a boolean$/);
  });

  it('lengths must match', () => {
    expect(() =>
      computeMetric('automationRiskCurve', { scores: [0.9, 0.1], correct: [true] }),
    ).toThrow('scores has 2 values but correct has 1');
  });
});
