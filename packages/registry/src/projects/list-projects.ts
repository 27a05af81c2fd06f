import type { Page, PageRequest } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { resolvePage, toPage } from '../pagination.js';
import { toProject } from './project.mappers.js';
import type { Project } from './project.types.js';

/** Projects in name order. */
export async function list(ctx: RegistryContext, page?: PageRequest): Promise<Page<Project>> {
  const { limit, after } = resolvePage<string>(page, 'projects', 'string');
  const rows = await withDbErrors(() =>
    ctx.db.project.findMany({
      where: after === undefined ? {} : { name: { gt: after } },
      orderBy: { name: 'asc' },
      take: limit + 1,
    }),
  );
  return toPage(rows, limit, 'projects', (row) => row.name, toProject);
}
