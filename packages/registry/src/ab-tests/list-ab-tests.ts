import { type Page, type PageRequest, ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { resolvePage, toPage } from '../pagination.js';
import { abTestInclude, toAbTest } from './ab-test.mappers.js';
import type { AbTest, AbTestStatus } from './ab-test.types.js';

/** A project's A/B tests, newest first; optionally of one model or in one status. */
export async function list(
  ctx: RegistryContext,
  projectId: string,
  filter: { modelName?: string; status?: AbTestStatus } = {},
  page?: PageRequest,
): Promise<Page<AbTest>> {
  const { limit, after } = resolvePage<string>(page, 'ab-tests', 'string');
  if (!ZIdSchema.safeParse(projectId).success) return { items: [], nextCursor: null };
  return withDbErrors(async () => {
    const rows = await ctx.db.abTest.findMany({
      where: {
        projectId,
        ...(filter.modelName ? { model: { name: filter.modelName } } : {}),
        ...(filter.status ? { status: filter.status } : {}),
        ...(after === undefined ? {} : { id: { lt: after } }),
      },
      orderBy: { id: 'desc' },
      take: limit + 1,
      include: abTestInclude,
    });
    return toPage(rows, limit, 'ab-tests', (row) => row.id, toAbTest);
  });
}
