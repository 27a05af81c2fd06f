import { InvalidInputError } from '../errors/index.js';

/** Throws an InvalidInputError naming the field at `path`. */
export function fail(message: string, path: (string | number)[]): never {
  throw new InvalidInputError(message, [{ path, message }]);
}
