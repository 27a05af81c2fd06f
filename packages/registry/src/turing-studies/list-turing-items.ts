import type { Page, PageRequest } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { resolvePage, toPage } from '../pagination.js';
import { requireStudy } from './require-turing-study.js';
import { toTuringItem } from './turing-study.mappers.js';
import type { TuringItem } from './turing-study.types.js';

/** A study's items in upload order, unblinded (for its owner): `not_found` without the study. */
export async function listItems(
  ctx: RegistryContext,
  projectId: string,
  studyId: string,
  page?: PageRequest,
): Promise<Page<TuringItem>> {
  const { limit, after } = resolvePage<number>(page, 'turing-items', 'number');
  return withDbErrors(async () => {
    await requireStudy(ctx.db, projectId, studyId);
    const rows = await ctx.db.turingItem.findMany({
      where: { studyId, ...(after === undefined ? {} : { position: { gt: after } }) },
      orderBy: { position: 'asc' },
      take: limit + 1,
    });
    return toPage(rows, limit, 'turing-items', (row) => row.position, toTuringItem);
  });
}
