import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';

/** Number of API keys ever issued, revoked ones included (e.g. to detect a first start). */
export async function count(ctx: RegistryContext): Promise<number> {
  return withDbErrors(() => ctx.db.apiKey.count());
}
