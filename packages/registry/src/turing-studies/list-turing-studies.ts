import { type Page, type PageRequest, ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { resolvePage, toPage } from '../pagination.js';
import { studyInclude, toTuringStudy } from './turing-study.mappers.js';
import type { TuringStudy, TuringStudyStatus } from './turing-study.types.js';

/** A project's Turing studies, newest first; optionally in one status. */
export async function list(
  ctx: RegistryContext,
  projectId: string,
  filter: { status?: TuringStudyStatus } = {},
  page?: PageRequest,
): Promise<Page<TuringStudy>> {
  const { limit, after } = resolvePage<string>(page, 'turing-studies', 'string');
  if (!ZIdSchema.safeParse(projectId).success) return { items: [], nextCursor: null };
  return withDbErrors(async () => {
    const rows = await ctx.db.turingStudy.findMany({
      where: {
        projectId,
        ...(filter.status ? { status: filter.status } : {}),
        ...(after === undefined ? {} : { id: { lt: after } }),
      },
      orderBy: { id: 'desc' },
      take: limit + 1,
      include: studyInclude,
    });
    return toPage(rows, limit, 'turing-studies', (row) => row.id, toTuringStudy);
  });
}
