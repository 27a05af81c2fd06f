import { InvalidInputError } from '../../errors/index.js';
import { assertFiniteNumbers, assertNonEmpty, assertSameLength } from '../../guards/index.js';

export interface AutomationRiskCurve {
  /** Decreasing confidence thresholds: a decision is automated when its score ≥ threshold. */
  thresholds: number[];
  /** Fraction of decisions automated at each threshold. */
  rateOfAutomation: number[];
  /** Wrong decisions among the automated ones at each threshold. */
  riskRate: number[];
  /** Right decisions among the automated ones at each threshold. */
  automatedAccuracy: number[];
}

/**
 * The trade-off between automation and risk for choosing where to hand decisions to humans: for
 * each distinct confidence score t (highest first), automate every decision with score ≥ t and
 * report the rate of automation and the risk rate (wrong among automated), as in
 * {@link automationRisk}. One sort, O(n log n).
 *
 * @param scores - the model's confidence per decision.
 * @param correct - whether the model's decision was right.
 * @throws InvalidInputError on mismatched, empty or non-finite input.
 */
export function automationRiskCurve(
  scores: readonly number[],
  correct: readonly boolean[],
): AutomationRiskCurve {
  assertSameLength('scores', scores, 'correct', correct, 'values');
  assertNonEmpty('scores', scores);
  assertFiniteNumbers('scores', scores);
  correct.forEach((c, i) => {
    if (typeof c !== 'boolean') {
      const message = `correct[${i}] must be a boolean`;
      throw new InvalidInputError(message, [{ path: ['correct', i], message }]);
    }
  });
  const n = scores.length;
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (scores[b] as number) - (scores[a] as number),
  );
  const curve: AutomationRiskCurve = {
    thresholds: [],
    rateOfAutomation: [],
    riskRate: [],
    automatedAccuracy: [],
  };
  let automated = 0;
  let wrong = 0;
  for (let k = 0; k < n; ) {
    const t = scores[order[k] as number] as number;
    while (k < n && scores[order[k] as number] === t) {
      automated++;
      if (!correct[order[k] as number]) wrong++;
      k++;
    }
    curve.thresholds.push(t);
    curve.rateOfAutomation.push(automated / n);
    curve.riskRate.push(wrong / automated);
    curve.automatedAccuracy.push((automated - wrong) / automated);
  }
  return curve;
}
