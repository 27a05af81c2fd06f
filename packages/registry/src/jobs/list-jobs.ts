import type { Page, PageRequest } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { resolvePage, toPage } from '../pagination.js';
import { requireProject } from '../projects/require-project.js';
import { parseInput } from '../validate.js';
import { toJob } from './job.mappers.js';
import { type TListJobsFilterSchema, ZListJobsFilterSchema } from './job.schemas.js';
import type { Job } from './job.types.js';

/** A project's jobs, newest first, optionally of one status and/or kind. */
export async function list(
  ctx: RegistryContext,
  projectId: string,
  filter: TListJobsFilterSchema = {},
  page?: PageRequest,
): Promise<Page<Job>> {
  const { status, kind } = parseInput(ZListJobsFilterSchema, filter, 'filter');
  const { limit, after } = resolvePage<string>(page, 'jobs', 'string');
  return withDbErrors(async () => {
    await requireProject(ctx.db, projectId);
    const rows = await ctx.db.job.findMany({
      where: {
        projectId,
        ...(status === undefined ? {} : { status }),
        ...(kind === undefined ? {} : { kind }),
        ...(after === undefined ? {} : { id: { lt: after } }),
      },
      orderBy: { id: 'desc' },
      take: limit + 1,
    });
    return toPage(rows, limit, 'jobs', (row) => row.id, toJob);
  });
}
