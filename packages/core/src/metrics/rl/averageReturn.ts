import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import { assertFiniteNumbers, assertNonEmpty } from '../../guards/index.js';
import { defineMetric } from '../defineMetric.js';

export interface AverageReturnOptions {
  /** Discount factor γ ∈ [0, 1]. @default 1 (undiscounted) */
  gamma?: number;
}

export const ZAverageReturnResultSchema = z.object({
  returns: z.array(z.number()),
  mean: z.number(),
  std: z.number(),
  min: z.number(),
  max: z.number(),
});
export type TAverageReturnResult = z.infer<typeof ZAverageReturnResultSchema>;

/**
 * Reward per return: each episode's discounted return Gₑ = Σₜ γᵗ·rₑ,ₜ (t from 0, so 0⁰ = 1 and
 * γ = 0 keeps the first reward only), and their mean, population standard deviation (÷N), min and
 * max.
 *
 * Reference: the definition in the golden README, checked against a direct NumPy implementation
 * (`np.std` with ddof 0).
 *
 * @throws InvalidInputError when there is no episode, an episode has no step, or γ ∉ [0, 1].
 */
export function averageReturn(
  episodes: readonly (readonly number[])[],
  options: AverageReturnOptions = {},
): TAverageReturnResult {
  const { gamma = 1 } = options;
  if (!(gamma >= 0 && gamma <= 1)) {
    const message = `gamma is ${gamma}; gamma must lie in [0, 1]`;
    throw new InvalidInputError(message, [{ path: ['gamma'], message }]);
  }
  if (episodes.length === 0) {
    const message = 'episodes is empty; at least one episode is required';
    throw new InvalidInputError(message, [{ path: ['episodes'], message }]);
  }
  const returns = episodes.map((rewards, e) => {
    assertNonEmpty(`episodes[${e}]`, rewards);
    assertFiniteNumbers(`episodes[${e}]`, rewards);
    let g = 0;
    let discount = 1;
    for (const r of rewards) {
      g += discount * r;
      discount *= gamma;
    }
    return g;
  });
  const n = returns.length;
  let sum = 0;
  for (const g of returns) sum += g;
  const mean = sum / n;
  let squares = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const g of returns) {
    squares += (g - mean) ** 2;
    if (g < min) min = g;
    if (g > max) max = g;
  }
  return { returns, mean, std: Math.sqrt(squares / n), min, max };
}

export const averageReturnMetric = defineMetric({
  name: 'averageReturn',
  family: 'rl',
  description:
    'Discounted return per episode (Σ γᵗ rₜ) with mean, population std, min and max over episodes.',
  input: z.strictObject({
    episodes: z
      .array(z.array(z.number()))
      .meta({ description: 'Rewards per episode, in step order.' }),
  }),
  params: z.strictObject({
    gamma: z.number().min(0).max(1).default(1).meta({ description: 'Discount factor γ ∈ [0, 1].' }),
  }),
  result: ZAverageReturnResultSchema,
  compute: (input, params) => averageReturn(input.episodes, params),
});
