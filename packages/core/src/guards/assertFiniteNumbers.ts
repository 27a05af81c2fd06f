import { InvalidInputError } from '../errors/index.js';

/**
 * Throws at the first value that is not a finite number (`NaN`, `±Infinity`), as scikit-learn's
 * `check_array` does ("Input contains NaN").
 */
export function assertFiniteNumbers(name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (!Number.isFinite(value)) {
      const message = `${name}[${i}] is ${value}; expected a finite number`;
      throw new InvalidInputError(message, [{ path: [name, i], message }]);
    }
  }
}
