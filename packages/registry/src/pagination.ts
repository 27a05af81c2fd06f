import { z } from 'zod';
import { integerParam, type Page, type PageRequest, ZPageRequestSchema } from './common.js';
import { RegistryError } from './errors.js';
import { parseInput } from './validate.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export interface ResolvedPage<K> {
  limit: number;
  /** The sort key of the last item of the previous page, if any. */
  after: K | undefined;
}

/**
 * Validates a page request and decodes its cursor. Cursors are opaque base64url JSON carrying the
 * list they belong to (`list`) and the sort key of the last item returned (`after`).
 */
export function resolvePage<K extends string | number>(
  page: PageRequest | undefined,
  list: string,
  keyType: 'string' | 'number',
  bounds: { defaultLimit: number; maxLimit: number } = {
    defaultLimit: DEFAULT_PAGE_SIZE,
    maxLimit: MAX_PAGE_SIZE,
  },
): ResolvedPage<K> {
  const request = parseInput(
    bounds.maxLimit === MAX_PAGE_SIZE
      ? ZPageRequestSchema
      : ZPageRequestSchema.extend({
          limit: integerParam(z.number().int().min(1).max(bounds.maxLimit)).optional(),
        }),
    page ?? {},
    'page request',
  );
  const limit = request.limit ?? bounds.defaultLimit;
  if (request.cursor === undefined) return { limit, after: undefined };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(request.cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw new RegistryError('invalid', 'Invalid page cursor: not a cursor returned by this list', {
      cause: error,
    });
  }
  const cursor = decoded as { list?: unknown; after?: unknown } | null;
  if (
    cursor === null ||
    typeof cursor !== 'object' ||
    cursor.list !== list ||
    typeof cursor.after !== keyType
  ) {
    throw new RegistryError('invalid', 'Invalid page cursor: not a cursor returned by this list');
  }
  return { limit, after: cursor.after as K };
}

/**
 * Builds a page from up to `limit + 1` rows fetched in sort order: the extra row only tells that
 * another page exists.
 */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  list: string,
  keyOf: (row: R) => string | number,
  map: (row: R) => T,
): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  const nextCursor = hasMore && last !== undefined ? encodeCursor(list, keyOf(last)) : null;
  return { items: pageRows.map(map), nextCursor };
}

/** The opaque cursor `resolvePage` decodes: base64url JSON of `{ list, after }`. */
export function encodeCursor(list: string, after: string | number): string {
  return Buffer.from(JSON.stringify({ list, after }), 'utf8').toString('base64url');
}
