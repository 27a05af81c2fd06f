import type { z } from 'zod';
import { type AssayIssue, InvalidInputError } from '../errors/index.js';
import { formatPath } from '../metrics/formatPath.js';

/** Throws an InvalidInputError naming the field at `path`. */
export function fail(message: string, path: (string | number)[]): never {
  throw new InvalidInputError(message, [{ path, message }]);
}

/** Turns a zod failure into one InvalidInputError listing every issue with its path. */
export function zodFailure(error: z.ZodError): never {
  const issues: AssayIssue[] = error.issues.map((issue) => ({
    path: issue.path.map((s) => (typeof s === 'number' ? s : String(s))),
    message: issue.message,
  }));
  throw new InvalidInputError(
    issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('; '),
    issues,
  );
}

/** Parses `value` with `schema` or throws the InvalidInputError of {@link zodFailure}. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) zodFailure(parsed.error);
  return parsed.data;
}
