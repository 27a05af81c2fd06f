import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { toExperiment } from '../db/mappers.js';
import { RegistryError } from '../errors.js';
import { resolvePage, toPage } from '../pagination.js';
import { ZIdSchema } from '../schemas.js';
import type { Experiment, Page, PageRequest } from '../types.js';

/** A project's experiments in name order. */
export async function listExperiments(
  ctx: RegistryContext,
  projectId: string,
  page?: PageRequest,
): Promise<Page<Experiment>> {
  const { limit, after } = resolvePage<string>(page, 'experiments', 'string');
  const notFound = new RegistryError('not_found', `Project ${projectId} does not exist`);
  if (!ZIdSchema.safeParse(projectId).success) throw notFound;
  return withDbErrors(async () => {
    const project = await ctx.db.project.findUnique({
      where: { id: projectId },
      select: { id: true },
    });
    if (project === null) throw notFound;
    const rows = await ctx.db.experiment.findMany({
      where: after === undefined ? { projectId } : { projectId, name: { gt: after } },
      orderBy: { name: 'asc' },
      take: limit + 1,
    });
    return toPage(rows, limit, 'experiments', (row) => row.name, toExperiment);
  });
}
