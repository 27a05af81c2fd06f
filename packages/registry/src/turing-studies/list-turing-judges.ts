import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { requireStudy } from './require-turing-study.js';
import { judgeInclude, toTuringJudge } from './turing-study.mappers.js';
import type { TuringJudge } from './turing-study.types.js';

/** A study's judges in invitation order, with how many items each has judged. */
export async function listJudges(
  ctx: RegistryContext,
  projectId: string,
  studyId: string,
): Promise<TuringJudge[]> {
  return withDbErrors(async () => {
    await requireStudy(ctx.db, projectId, studyId);
    const rows = await ctx.db.turingJudge.findMany({
      where: { studyId },
      orderBy: { id: 'asc' },
      include: judgeInclude,
    });
    return rows.map(toTuringJudge);
  });
}
