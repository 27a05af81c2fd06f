import { z } from 'zod';
import { assertNonEmpty } from '../../guards/index.js';
import { nanableNumber } from '../../schemas/index.js';
import { defineMetric } from '../defineMetric.js';

/** One decision: was it left to the machine, and was the outcome right? */
export interface Decision {
  automated: boolean;
  correct: boolean;
}

export const ZAutomationRiskResultSchema = z.object({
  rateOfAutomation: z.number(),
  humanEscalationRate: z.number(),
  riskRate: nanableNumber('Incorrect among automated decisions;'),
  automatedAccuracy: nanableNumber('Correct among automated decisions;'),
  total: z.number().int(),
  automated: z.number().int(),
  automatedIncorrect: z.number().int(),
});
export type TAutomationRiskResult = z.infer<typeof ZAutomationRiskResultSchema>;

/**
 * How much of a process runs without a human, and how risky that is:
 * rateOfAutomation = #automated / N, humanEscalationRate = #not automated / N,
 * riskRate = #(automated ∧ wrong) / #automated, automatedAccuracy = #(automated ∧ right) / #automated,
 * plus the counts. Errors made after escalation to a human do not count as risk.
 *
 * Reference: the definitions in the golden README. When nothing is automated, riskRate and
 * automatedAccuracy are 0/0 and are returned as NaN (JSON `null`), as the reference does: the
 * rates exist, only the per-automated ones are undefined.
 *
 * @throws InvalidInputError when there is no decision.
 */
export function automationRisk(decisions: readonly Decision[]): TAutomationRiskResult {
  assertNonEmpty('decisions', decisions);
  let automated = 0;
  let automatedIncorrect = 0;
  for (const d of decisions) {
    if (d.automated) {
      automated++;
      if (!d.correct) automatedIncorrect++;
    }
  }
  const total = decisions.length;
  return {
    rateOfAutomation: automated / total,
    humanEscalationRate: (total - automated) / total,
    riskRate: automated === 0 ? Number.NaN : automatedIncorrect / automated,
    automatedAccuracy: automated === 0 ? Number.NaN : (automated - automatedIncorrect) / automated,
    total,
    automated,
    automatedIncorrect,
  };
}

export const automationRiskMetric = defineMetric({
  name: 'automationRisk',
  family: 'hitl',
  description:
    'Rate of automation, human escalation rate, risk rate (wrong among automated) and automated accuracy.',
  input: z.strictObject({
    decisions: z
      .array(
        z.object(
          {
            automated: z.boolean({ error: "'automated' must be a boolean" }),
            correct: z.boolean({ error: "'correct' must be a boolean" }),
          },
          { error: "each decision needs boolean 'automated' and 'correct'" },
        ),
      )
      .meta({ description: 'One entry per decision: automated or escalated, right or wrong.' }),
  }),
  params: z.strictObject({}),
  result: ZAutomationRiskResultSchema,
  compute: (input) => automationRisk(input.decisions),
});
