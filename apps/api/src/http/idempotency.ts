import { createHash } from 'node:crypto';
import { ZIdempotencyKeySchema } from '@assay/registry';
import { z } from 'zod';

/**
 * `Idempotency-Key`: a client's unique string for one request, resent unchanged on a retry, so
 * that the retry stores nothing twice (other headers pass).
 */
export const ZIdempotencyHeadersSchema = z
  .object({ 'idempotency-key': ZIdempotencyKeySchema.optional() })
  .passthrough();

/**
 * What identifies a keyed request: the sha256 of its kind and its validated body. A retry resends
 * the same body, so it matches; the key reused for another request does not (409).
 */
export function requestFingerprint(kind: string, body: unknown): string {
  return createHash('sha256')
    .update(`${kind}:${JSON.stringify(body)}`)
    .digest('hex');
}
