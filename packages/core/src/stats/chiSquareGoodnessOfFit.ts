import { InvalidInputError } from '../errors/index.js';
import { assertFiniteNumbers, assertSameLength } from '../guards/index.js';
import { checkCounts, chiSquareTest, type TChiSquareResult } from './chiSquareSrm.js';

/**
 * Chi-square goodness of fit of observed category counts against known population proportions
 * (selection bias: does the sample's make-up match the population's?). Expected counts are
 * proportion × total; df = k − 1.
 *
 * Reference: SciPy 1.10.1 `chisquare(observed, f_exp = proportions · Σ observed)`, including its
 * check that observed and expected totals agree to a relative 1e−8 (proportions must sum to 1).
 *
 * @throws InvalidInputError when the lengths differ, a count is negative, a proportion is not > 0
 * or the proportions do not sum to 1.
 */
export function chiSquareGoodnessOfFit(
  observedCounts: readonly number[],
  populationProportions: readonly number[],
): TChiSquareResult {
  assertSameLength(
    'observedCounts',
    observedCounts,
    'populationProportions',
    populationProportions,
    'categories',
  );
  const total = checkCounts('observedCounts', observedCounts);
  assertFiniteNumbers('populationProportions', populationProportions);
  let sum = 0;
  populationProportions.forEach((p, i) => {
    if (!(p > 0)) {
      const message = `populationProportions[${i}] is ${p}; proportions must be positive`;
      throw new InvalidInputError(message, [{ path: ['populationProportions', i], message }]);
    }
    sum += p;
  });
  const expected = populationProportions.map((p) => p * total);
  const expectedTotal = expected.reduce((x, y) => x + y, 0);
  if (Math.abs(total - expectedTotal) / Math.min(total, expectedTotal) > 1e-8) {
    const message = `populationProportions sum to ${sum}; population proportions must sum to 1`;
    throw new InvalidInputError(message, [{ path: ['populationProportions'], message }]);
  }
  return chiSquareTest(observedCounts, expected);
}
