import { describe, expect, it } from 'vitest';
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
