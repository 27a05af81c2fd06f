import type { Page, PageRequest } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { resolvePage, toPage } from '../pagination.js';
import { requireProject } from '../projects/require-project.js';
import { toDataset } from './dataset.mappers.js';
import type { Dataset } from './dataset.types.js';

/** A project's datasets, newest first (ids are time-ordered UUIDv7). */
export async function list(
  ctx: RegistryContext,
  projectId: string,
  page?: PageRequest,
): Promise<Page<Dataset>> {
  const { limit, after } = resolvePage<string>(page, 'datasets', 'string');
  return withDbErrors(async () => {
    await requireProject(ctx.db, projectId);
    const rows = await ctx.db.dataset.findMany({
      where: { projectId, ...(after === undefined ? {} : { id: { lt: after } }) },
      orderBy: { id: 'desc' },
      take: limit + 1,
    });
    return toPage(rows, limit, 'datasets', (row) => row.id, toDataset);
  });
}
