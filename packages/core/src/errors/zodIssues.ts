import type { z } from 'zod';
import { formatPath } from '../metrics/formatPath.js';
import { type AssayIssue, InvalidInputError } from './AssayError.js';

type RawIssue = { code: string; path: PropertyKey[]; message: string; errors?: RawIssue[][] };

/** What zod says of a failed union when its schema gives no message of its own. */
const ZOD_UNION_DEFAULT = 'Invalid input';

/**
 * A zod failure as `{ path, message }` issues, each path under `prefix` (`input`, `params`). A
 * failed union keeps its schema's own message (`expected an array of numbers or strings (all of
 * one type)`); one without (a model spec or a loaded Model, an array matrix or a typed one)
 * reports the branch that got furthest, so that the message says
 * `input.model.layers[0].activation: unknown activation "softplus"…` rather than "Invalid input".
 */
export function zodIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): AssayIssue[] {
  return flatten(error.issues as unknown as RawIssue[], prefix);
}

function flatten(issues: readonly RawIssue[], prefix: readonly PropertyKey[]): AssayIssue[] {
  const out: AssayIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (
      issue.code === 'invalid_union' &&
      issue.message === ZOD_UNION_DEFAULT &&
      issue.errors !== undefined &&
      issue.errors.length > 0
    ) {
      const depth = (branch: RawIssue[]) => Math.max(0, ...branch.map((b) => b.path.length));
      const best = issue.errors.reduce((a, b) => (depth(b) > depth(a) ? b : a));
      out.push(...flatten(best, path));
    } else {
      out.push({
        path: path.map((p) => (typeof p === 'number' ? p : String(p))),
        message: issue.message,
      });
    }
  }
  return out;
}

/** One InvalidInputError listing every issue with its path: `input.yPred[3]: …; params.k: …`. */
export function invalidInput(issues: readonly AssayIssue[]): InvalidInputError {
  return new InvalidInputError(
    issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join('; '),
    [...issues],
  );
}

/** Throws the InvalidInputError of {@link invalidInput} for a zod failure. */
export function zodFailure(error: z.ZodError, prefix: readonly PropertyKey[] = []): never {
  throw invalidInput(zodIssues(error, prefix));
}

/** Parses `value` with `schema` or throws the InvalidInputError of {@link zodFailure}. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) zodFailure(parsed.error);
  return parsed.data;
}
