import type { Page, PageRequest } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { resolvePage, toPage } from '../pagination.js';
import { requireProject } from '../projects/require-project.js';
import { toApiKey } from './api-key.mappers.js';
import type { ApiKey } from './api-key.types.js';

/**
 * A project's API keys, newest first, revoked ones included (see `revokedAt`). Keys carry their
 * display prefix only: neither plaintext nor hash is ever returned.
 */
export async function list(
  ctx: RegistryContext,
  projectId: string,
  page?: PageRequest,
): Promise<Page<ApiKey>> {
  const { limit, after } = resolvePage<string>(page, 'api_keys', 'string');
  return withDbErrors(async () => {
    await requireProject(ctx.db, projectId);
    const rows = await ctx.db.apiKey.findMany({
      where: after === undefined ? { projectId } : { projectId, id: { lt: after } },
      orderBy: { id: 'desc' },
      take: limit + 1,
    });
    return toPage(rows, limit, 'api_keys', (row) => row.id, toApiKey);
  });
}
