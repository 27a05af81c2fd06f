import type { Page, PageRequest } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { resolvePage, toPage } from '../pagination.js';
import { requireProject } from '../projects/require-project.js';
import { parseInput } from '../validate.js';
import { toAutoMlRun } from './automl-run.mappers.js';
import { type TAutoMlRunFilterSchema, ZAutoMlRunFilterSchema } from './automl-run.schemas.js';
import type { AutoMlRun } from './automl-run.types.js';

/** A project's AutoML runs, newest first; optionally of one status and/or one dataset. */
export async function list(
  ctx: RegistryContext,
  projectId: string,
  filter: TAutoMlRunFilterSchema = {},
  page?: PageRequest,
): Promise<Page<AutoMlRun>> {
  const { limit, after } = resolvePage<string>(page, 'automl-runs', 'string');
  const where = parseInput(ZAutoMlRunFilterSchema, filter, 'AutoML run filter');
  return withDbErrors(async () => {
    await requireProject(ctx.db, projectId);
    const rows = await ctx.db.autoMlRun.findMany({
      where: {
        projectId,
        ...(where.status ? { status: where.status } : {}),
        ...(where.datasetId ? { datasetId: where.datasetId } : {}),
        ...(after === undefined ? {} : { id: { lt: after } }),
      },
      orderBy: { id: 'desc' },
      take: limit + 1,
    });
    return toPage(rows, limit, 'automl-runs', (row) => row.id, toAutoMlRun);
  });
}
