import { InvalidInputError } from '../errors/index.js';

/**
 * Throws when `values` is empty: every metric here is undefined on zero samples, and returning
 * `NaN` silently (as scikit-learn sometimes does) hides the mistake.
 *
 * @example assertNonEmpty('yTrue', []) // throws "yTrue is empty; at least one sample is required"
 */
export function assertNonEmpty(name: string, values: ArrayLike<unknown>): void {
  if (values.length === 0) {
    throw new InvalidInputError(`${name} is empty; at least one sample is required`, [
      { path: [name], message: `${name} is empty; at least one sample is required` },
    ]);
  }
}
