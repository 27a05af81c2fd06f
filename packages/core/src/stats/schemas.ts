import { z } from 'zod';
import { InvalidInputError } from '../errors/index.js';

export const ZCountSchema = z.number().int().nonnegative();

/** `{ successesA, trialsA, successesB, trialsB }`: conversions of two arms. */
export const ZTwoProportionInputSchema = z.strictObject({
  successesA: ZCountSchema.meta({ description: 'Successes (conversions) in arm A.' }),
  trialsA: ZCountSchema.meta({ description: 'Trials (users) in arm A.' }),
  successesB: ZCountSchema.meta({ description: 'Successes in arm B.' }),
  trialsB: ZCountSchema.meta({ description: 'Trials in arm B.' }),
});
export type TTwoProportionInput = z.infer<typeof ZTwoProportionInputSchema>;

/** Checks one arm: non-negative integer counts, successes ≤ trials, trials > 0 unless allowed. */
export function checkArm(successes: number, trials: number, arm: string, allowEmpty = false): void {
  for (const [name, value] of [
    [`successes${arm}`, successes],
    [`trials${arm}`, trials],
  ] as const) {
    if (!(Number.isInteger(value) && value >= 0)) {
      const message = `${name} is ${value}; expected a non-negative integer`;
      throw new InvalidInputError(message, [{ path: [name], message }]);
    }
  }
  if (!allowEmpty && trials === 0) {
    const message = `trials${arm} is 0; trials must be positive`;
    throw new InvalidInputError(message, [{ path: [`trials${arm}`], message }]);
  }
  if (successes > trials) {
    const message = `successes${arm} (${successes}) exceeds trials${arm} (${trials}); successes cannot exceed trials`;
    throw new InvalidInputError(message, [{ path: [`successes${arm}`], message }]);
  }
}

/** Throws unless `value` is one of `allowed` (for direct calls; the schemas check it too). */
export function checkChoice<T extends string>(name: string, value: T, allowed: readonly T[]): void {
  if (!allowed.includes(value)) {
    const message = `unknown ${name} ${JSON.stringify(value)}; expected one of ${allowed.join(', ')}`;
    throw new InvalidInputError(message, [{ path: [name], message }]);
  }
}
