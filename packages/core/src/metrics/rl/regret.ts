import { z } from 'zod';
import { assertFiniteNumbers, assertNonEmpty, assertSameLength } from '../../guards/index.js';
import { ZNumbersSchema } from '../../schemas/index.js';
import { defineMetric } from '../defineMetric.js';

export const ZRegretResultSchema = z.object({
  instantaneous: z.array(z.number()),
  cumulative: z.array(z.number()),
  total: z.number(),
  mean: z.number(),
});
export type TRegretResult = z.infer<typeof ZRegretResultSchema>;

/**
 * Regret of a policy against the optimal one, step by step: instantaneous rₜ* − rₜ (negative when
 * the policy beat the stated optimum), its running sum, the total and the mean total/T.
 *
 * Reference: the definition in the golden README (bandit regret), checked against a direct NumPy
 * implementation (`np.cumsum`).
 *
 * @throws InvalidInputError when the arrays differ in length or are empty.
 */
export function regret(
  optimalRewards: readonly number[],
  rewards: readonly number[],
): TRegretResult {
  assertSameLength('optimalRewards', optimalRewards, 'rewards', rewards, 'steps');
  assertNonEmpty('rewards', rewards);
  assertFiniteNumbers('optimalRewards', optimalRewards);
  assertFiniteNumbers('rewards', rewards);
  const instantaneous: number[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (let t = 0; t < rewards.length; t++) {
    const r = (optimalRewards[t] as number) - (rewards[t] as number);
    instantaneous.push(r);
    total += r;
    cumulative.push(total);
  }
  return { instantaneous, cumulative, total, mean: total / rewards.length };
}

export const regretMetric = defineMetric({
  name: 'regret',
  family: 'rl',
  description:
    'Regret against the optimal policy: instantaneous, cumulative, total and mean per step.',
  input: z.strictObject({
    optimalRewards: ZNumbersSchema.meta({ description: 'Reward of the optimal action per step.' }),
    rewards: ZNumbersSchema.meta({ description: 'Reward obtained per step.' }),
  }),
  params: z.strictObject({}),
  result: ZRegretResultSchema,
  compute: (input) => regret(input.optimalRewards, input.rewards),
});
