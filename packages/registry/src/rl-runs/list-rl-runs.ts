import type { Page, PageRequest } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { resolvePage, toPage } from '../pagination.js';
import { requireProject } from '../projects/require-project.js';
import { parseInput } from '../validate.js';
import { toRlRun } from './rl-run.mappers.js';
import { type TRlRunFilterSchema, ZRlRunFilterSchema } from './rl-run.schemas.js';
import type { RlRun } from './rl-run.types.js';

/** A project's RL runs, newest first; optionally of one agent and/or one environment. */
export async function list(
  ctx: RegistryContext,
  projectId: string,
  filter: TRlRunFilterSchema = {},
  page?: PageRequest,
): Promise<Page<RlRun>> {
  const { limit, after } = resolvePage<string>(page, 'rl-runs', 'string');
  const where = parseInput(ZRlRunFilterSchema, filter, 'RL run filter');
  return withDbErrors(async () => {
    await requireProject(ctx.db, projectId);
    const rows = await ctx.db.rlRun.findMany({
      where: {
        projectId,
        ...(where.agentName ? { agentName: where.agentName } : {}),
        ...(where.environment ? { environment: where.environment } : {}),
        ...(after === undefined ? {} : { id: { lt: after } }),
      },
      orderBy: { id: 'desc' },
      take: limit + 1,
    });
    return toPage(rows, limit, 'rl-runs', (row) => row.id, toRlRun);
  });
}
