import { RegistryError } from '../errors.js';
import { Prisma } from './client.js';

const CONNECTION_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL's codes for text it cannot store: `22021` (a NUL in `text`), `22P05` (`\u0000` in
 * `jsonb`). The API refuses such text at the edge; this keeps any other path from a 500.
 */
const UNSTORABLE_TEXT = new Set(['22021', '22P05']);

/** The PostgreSQL error code behind a Prisma error of a driver adapter (PGlite or pg). */
const driverErrorCode = (error: Prisma.PrismaClientKnownRequestError): string | undefined =>
  (error.meta as { driverAdapterError?: { cause?: { originalCode?: unknown } } } | undefined)
    ?.driverAdapterError?.cause?.originalCode as string | undefined;

/**
 * Turns a database error into a RegistryError where it has a meaning for callers (unique
 * violation → conflict, unreachable database → unavailable, unstorable text → invalid); anything else is returned unchanged
 * so it surfaces as the bug it is.
 */
export function mapDbError(error: unknown, context: { conflict?: string } = {}): unknown {
  if (error instanceof RegistryError) return error;
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (error.code === 'P2002') {
      return new RegistryError('conflict', context.conflict ?? 'The record already exists', {
        cause: error,
      });
    }
    if (error.code === 'P2025') {
      return new RegistryError('not_found', 'The record does not exist', { cause: error });
    }
    if (UNSTORABLE_TEXT.has(driverErrorCode(error) ?? '')) {
      return new RegistryError(
        'invalid',
        'Text must be UTF-8 without the NUL character (U+0000): the database cannot store it',
        { cause: error },
      );
    }
    if (/^P10\d\d$/.test(error.code)) {
      return new RegistryError('unavailable', `Database unavailable: ${error.message}`, {
        cause: error,
      });
    }
    return error;
  }
  if (error instanceof Prisma.PrismaClientInitializationError) {
    return new RegistryError('unavailable', `Database unavailable: ${error.message}`, {
      cause: error,
    });
  }
  const code = (error as { code?: unknown } | null)?.code;
  // The pg driver's own errors (queries outside Prisma: db/bulk-insert.ts's COPY).
  if (typeof code === 'string' && UNSTORABLE_TEXT.has(code)) {
    return new RegistryError(
      'invalid',
      'Text must be UTF-8 without the NUL character (U+0000): the database cannot store it',
      { cause: error },
    );
  }
  if (typeof code === 'string' && CONNECTION_ERRNOS.has(code)) {
    return new RegistryError('unavailable', `Database unavailable: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return error;
}

/** Runs `fn` and rethrows its database errors through `mapDbError`. */
export async function withDbErrors<T>(
  fn: () => Promise<T>,
  context: { conflict?: string } = {},
): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw mapDbError(error, context);
  }
}

/** True for a unique-constraint violation (a concurrent insert of the same key won). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
