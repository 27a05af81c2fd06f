import { type Page, type PageRequest, ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { resolvePage, toPage } from '../pagination.js';
import { toRun } from './run.mappers.js';
import type { Run } from './run.types.js';

/** An experiment's runs, newest first (ids are time-ordered UUIDv7). */
export async function list(
  ctx: RegistryContext,
  experimentId: string,
  page?: PageRequest,
): Promise<Page<Run>> {
  const { limit, after } = resolvePage<string>(page, 'runs', 'string');
  const notFound = new RegistryError('not_found', `Experiment ${experimentId} does not exist`);
  if (!ZIdSchema.safeParse(experimentId).success) throw notFound;
  return withDbErrors(async () => {
    const experiment = await ctx.db.experiment.findUnique({
      where: { id: experimentId },
      select: { id: true, projectId: true },
    });
    if (experiment === null) throw notFound;
    const rows = await ctx.db.run.findMany({
      where: after === undefined ? { experimentId } : { experimentId, id: { lt: after } },
      orderBy: { id: 'desc' },
      take: limit + 1,
    });
    return toPage(
      rows,
      limit,
      'runs',
      (row) => row.id,
      (row) => toRun(row, experiment.projectId),
    );
  });
}
