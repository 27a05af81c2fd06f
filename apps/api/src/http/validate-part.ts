import type { z } from 'zod';
import { ProblemError, problem } from './problem.js';
import { zodIssuesToErrors } from './to-problem.js';

/** Where a value came from: the prefix of each bad field's path (`metadata`: a form field). */
type RequestPart = 'body' | 'query' | 'path' | 'header' | 'metadata';

/** Validates one part of a request, or throws the 400 problem naming each bad field. */
export function validatePart<S extends z.ZodType>(
  schema: S,
  value: unknown,
  part: RequestPart,
): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const errors = zodIssuesToErrors(parsed.error, part);
  throw new ProblemError(
    problem(400, 'invalid-request', errors.map((e) => `${e.path}: ${e.message}`).join('; '), {
      errors,
    }),
  );
}
