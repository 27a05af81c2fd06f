import type { z } from 'zod';
import { RegistryError } from './errors.js';

/** Parses `value` with `schema`, or throws `RegistryError('invalid')` listing every problem. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return `${path}${issue.message}`;
  });
  throw new RegistryError('invalid', `Invalid ${what}: ${problems.join('; ')}`, {
    details: result.error.issues.map((issue) => ({
      path: issue.path.map(String),
      message: issue.message,
    })),
  });
}
