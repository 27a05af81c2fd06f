import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import { assertFiniteNumbers, assertNonEmpty, assertSameLength } from '../../guards/index.js';
import { defineMetric } from '../defineMetric.js';

// A type alias, not an interface: metric results must be assignable to Record<string, unknown>.
export type AutomationRiskCurve = {
  /** Decreasing confidence thresholds: a decision is automated when its score ≥ threshold. */
  thresholds: number[];
  /** Fraction of decisions automated at each threshold. */
  rateOfAutomation: number[];
  /** Wrong decisions among the automated ones at each threshold. */
  riskRate: number[];
  /** Right decisions among the automated ones at each threshold. */
  automatedAccuracy: number[];
};

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

export const automationRiskCurveMetric = defineMetric({
  name: 'automationRiskCurve',
  family: 'hitl',
  description:
    'Automation rate vs risk rate per confidence threshold (automate every decision with score ≥ threshold), for choosing where to hand decisions to humans.',
  input: z.strictObject({
    scores: z
      .array(z.number())
      .meta({ description: "The model's confidence per decision (higher = more sure)." }),
    correct: z
      .array(z.boolean({ error: 'expected a boolean' }))
      .meta({ description: "Whether the model's decision was right, per decision." }),
  }),
  params: z.strictObject({}),
  result: z.object({
    thresholds: z
      .array(z.number())
      .meta({ description: 'Distinct scores, decreasing: automate when score ≥ threshold.' }),
    rateOfAutomation: z
      .array(z.number())
      .meta({ description: 'Fraction of decisions automated at each threshold.' }),
    riskRate: z
      .array(z.number())
      .meta({ description: 'Wrong among automated decisions at each threshold.' }),
    automatedAccuracy: z
      .array(z.number())
      .meta({ description: 'Right among automated decisions at each threshold.' }),
  }),
  compute: (input) => automationRiskCurve(input.scores, input.correct),
});
