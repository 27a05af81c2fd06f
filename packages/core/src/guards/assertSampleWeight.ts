import { InvalidInputError } from '../errors/index.js';
import { assertSameLength } from './assertSameLength.js';

/**
 * Checks optional per-sample weights against the number of samples `n`: same length, every
 * weight finite and ≥ 0, and a positive total (a weighted mean over zero total weight is
 * undefined).
 *
 * @param lengthOf - name of the array whose length the weights must match (for the message).
 */
export function assertSampleWeight(
  sampleWeight: ArrayLike<number> | undefined,
  n: number,
  lengthOf = 'yTrue',
): void {
  if (sampleWeight === undefined) return;
  assertSameLength(lengthOf, { length: n }, 'sampleWeight', sampleWeight, 'values');
  let total = 0;
  for (let i = 0; i < sampleWeight.length; i++) {
    const w = sampleWeight[i] as number;
    if (!Number.isFinite(w) || w < 0) {
      const message = `sampleWeight[${i}] is ${w}; expected a finite number ≥ 0`;
      throw new InvalidInputError(message, [{ path: ['sampleWeight', i], message }]);
    }
    total += w;
  }
  if (!(total > 0)) {
    const message = 'sampleWeight sums to 0; at least one weight must be positive';
    throw new InvalidInputError(message, [{ path: ['sampleWeight'], message }]);
  }
}
