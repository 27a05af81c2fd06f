import type { Page, PageRequest } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { resolvePage, toPage } from '../pagination.js';
import { requireProject } from '../projects/require-project.js';
import { toExperiment } from './experiment.mappers.js';
import type { Experiment } from './experiment.types.js';

/** A project's experiments in name order. */
export async function list(
  ctx: RegistryContext,
  projectId: string,
  page?: PageRequest,
): Promise<Page<Experiment>> {
  const { limit, after } = resolvePage<string>(page, 'experiments', 'string');
  return withDbErrors(async () => {
    await requireProject(ctx.db, projectId);
    const rows = await ctx.db.experiment.findMany({
      where: after === undefined ? { projectId } : { projectId, name: { gt: after } },
      orderBy: { name: 'asc' },
      take: limit + 1,
    });
    return toPage(rows, limit, 'experiments', (row) => row.name, toExperiment);
  });
}
