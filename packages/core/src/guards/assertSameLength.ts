import { InvalidInputError } from '../errors/index.js';

/**
 * Throws when two parallel arrays differ in length.
 *
 * @param unit - what the arrays hold, for the message ("labels", "values", "weights"…).
 * @example assertSameLength('yTrue', yTrue, 'yPred', yPred, 'labels')
 * // throws "yTrue has 10 labels but yPred has 9"
 */
export function assertSameLength(
  firstName: string,
  first: ArrayLike<unknown>,
  secondName: string,
  second: ArrayLike<unknown>,
  unit = 'values',
): void {
  if (first.length !== second.length) {
    const message = `${firstName} has ${first.length} ${unit} but ${secondName} has ${second.length}`;
    throw new InvalidInputError(message, [{ path: [secondName], message }]);
  }
}
