import { z } from 'zod';
import type { Label } from '../../labels/index.js';
import { nanableNumber, ZLabelsSchema } from '../../schemas/index.js';
import { accuracyScore } from '../classification/accuracy.js';
import { cohenKappaScore } from '../classification/cohenKappa.js';
import { defineMetric } from '../defineMetric.js';

export const ZPolicyAgreementResultSchema = z.object({
  agreementRate: z.number(),
  cohenKappa: nanableNumber("Cohen's kappa;"),
});
export type TPolicyAgreementResult = z.infer<typeof ZPolicyAgreementResultSchema>;

/**
 * Agreement of an agent's actions with the human (optimal) policy: the fraction of identical
 * actions, and Cohen's kappa (unweighted), which discounts the agreement expected by chance.
 *
 * Reference: scikit-learn 1.2.1 `accuracy_score(human, agent)` and `cohen_kappa_score(human,
 * agent)`; kappa is NaN when both policies always take one and the same action (0/0).
 *
 * @throws InvalidInputError on mismatched or empty input, or mixed action types.
 */
export function policyAgreement(
  humanActions: readonly Label[],
  agentActions: readonly Label[],
): TPolicyAgreementResult {
  return {
    agreementRate: accuracyScore(humanActions, agentActions),
    cohenKappa: cohenKappaScore(humanActions, agentActions),
  };
}

export const policyAgreementMetric = defineMetric({
  name: 'policyAgreement',
  family: 'hitl',
  description:
    "Agreement of the agent's actions with the human policy: agreement rate and Cohen's kappa.",
  input: z.strictObject({
    humanActions: ZLabelsSchema.meta({
      description: 'Action of the human (optimal) policy per case.',
    }),
    agentActions: ZLabelsSchema.meta({ description: "Agent's action per case." }),
  }),
  params: z.strictObject({}),
  result: ZPolicyAgreementResultSchema,
  compute: (input) => policyAgreement(input.humanActions, input.agentActions),
});
