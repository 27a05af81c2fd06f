import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { toApiKey } from './api-key.mappers.js';
import type { ApiKey } from './api-key.types.js';
import { hashApiKey, isWellFormedApiKey } from './hash-api-key.js';

/** The key a plaintext key stands for, or `null` when it is unknown, malformed or revoked. */
export async function authenticate(
  ctx: RegistryContext,
  plaintext: string,
): Promise<ApiKey | null> {
  if (typeof plaintext !== 'string' || !isWellFormedApiKey(plaintext)) return null;
  const row = await withDbErrors(() =>
    ctx.db.apiKey.findUnique({ where: { keyHash: hashApiKey(plaintext) } }),
  );
  if (row === null || row.revokedAt !== null) return null;
  return toApiKey(row);
}
