import betaln from '@stdlib/math-base-special-betaln';
import { z } from 'zod';
import { InvalidInputError } from '../errors/index.js';
import { defineMetric } from '../metrics/defineMetric.js';
import { checkArm, ZTwoProportionInputSchema } from './schemas.js';

export interface BetaBinomialOptions {
  /** Prior successes + 1 of the Beta prior (a positive integer: the closed form sums over it). @default 1 */
  priorAlpha?: number;
  /** Prior failures + 1 of the Beta prior (> 0). @default 1 */
  priorBeta?: number;
}

export const ZBetaBinomialResultSchema = z.object({ probBBeatsA: z.number() });
export type TBetaBinomialResult = z.infer<typeof ZBetaBinomialResultSchema>;

/**
 * Bayesian A/B test: P(p_B > p_A) with independent Beta(α + s, β + n − s) posteriors, in closed form
 * (Evan Miller's formula) Σ_{i=0}^{α_B−1} B(α_A + i, β_A + β_B) / ((β_B + i)·B(1 + i, β_B)·B(α_A, β_A)),
 * each term evaluated in log space.
 *
 * Reference: the closed form in the golden README, evaluated there with 60-digit mpmath.
 *
 * @throws InvalidInputError on invalid counts, a non-integer priorAlpha or a non-positive priorBeta.
 */
export function bayesianBetaBinomial(
  successesA: number,
  trialsA: number,
  successesB: number,
  trialsB: number,
  options: BetaBinomialOptions = {},
): TBetaBinomialResult {
  const { priorAlpha = 1, priorBeta = 1 } = options;
  checkArm(successesA, trialsA, 'A', true);
  checkArm(successesB, trialsB, 'B', true);
  if (!(Number.isInteger(priorAlpha) && priorAlpha >= 1)) {
    const message = `priorAlpha is ${priorAlpha}; expected a positive integer`;
    throw new InvalidInputError(message, [{ path: ['priorAlpha'], message }]);
  }
  if (!(priorBeta > 0)) {
    const message = `priorBeta is ${priorBeta}; expected a number > 0`;
    throw new InvalidInputError(message, [{ path: ['priorBeta'], message }]);
  }
  const alphaA = priorAlpha + successesA;
  const betaA = priorBeta + trialsA - successesA;
  const alphaB = priorAlpha + successesB;
  const betaB = priorBeta + trialsB - successesB;
  const constant = betaln(alphaA, betaA);
  let total = 0;
  for (let i = 0; i < alphaB; i++) {
    total += Math.exp(
      betaln(alphaA + i, betaA + betaB) - Math.log(betaB + i) - betaln(1 + i, betaB) - constant,
    );
  }
  return { probBBeatsA: total };
}

export const bayesianBetaBinomialMetric = defineMetric({
  name: 'bayesianBetaBinomial',
  family: 'stats',
  description: 'Bayesian A/B test: exact P(p_B > p_A) under Beta-Binomial posteriors.',
  input: ZTwoProportionInputSchema,
  params: z.strictObject({
    priorAlpha: z.number().int().min(1).default(1).meta({ description: 'Beta prior α (integer).' }),
    priorBeta: z.number().gt(0).default(1).meta({ description: 'Beta prior β.' }),
  }),
  result: ZBetaBinomialResultSchema,
  compute: (input, params) =>
    bayesianBetaBinomial(input.successesA, input.trialsA, input.successesB, input.trialsB, params),
});
