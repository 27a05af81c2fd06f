import { type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { ProblemError, problem } from './problem.js';
import { zodIssuesToErrors } from './to-problem.js';

/**
 * Validates one part of a request (body, query, path) with the route contract's zod schema,
 * so the schema that documents a route is the one that guards it.
 */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    private readonly schema: S,
    private readonly part: 'body' | 'query' | 'path',
  ) {}

  transform(value: unknown): z.infer<S> {
    const parsed = this.schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const errors = zodIssuesToErrors(parsed.error, this.part);
    throw new ProblemError(
      problem(400, 'invalid-request', errors.map((e) => `${e.path}: ${e.message}`).join('; '), {
        errors,
      }),
    );
  }
}
