import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { requireStudy } from './require-turing-study.js';
import type { TuringOrigin, TuringReportData } from './turing-study.types.js';

/**
 * Everything the Turing report is computed from: each item's origin, system and texts (side by
 * side: the machine's answer judged against the human's), and each judgement as the origin the
 * judge gave (judges named by id). `not_found` without the study.
 */
export async function reportData(
  ctx: RegistryContext,
  projectId: string,
  studyId: string,
): Promise<TuringReportData> {
  return withDbErrors(async () => {
    const study = await requireStudy(ctx.db, projectId, studyId);
    const [items, judgements] = await Promise.all([
      ctx.db.turingItem.findMany({ where: { studyId }, orderBy: { position: 'asc' } }),
      ctx.db.turingJudgement.findMany({
        where: { studyId },
        orderBy: { id: 'asc' },
        select: { judgeId: true, itemId: true, label: true },
      }),
    ]);
    const sides = study.mode === 'side-by-side';
    return {
      items: items.map((i) => ({
        id: i.id,
        prompt: i.prompt,
        origin: (sides ? 'machine' : i.origin) as TuringOrigin,
        system: sides || i.origin === 'machine' ? i.system : null,
        answer: (sides ? i.machineAnswer : i.answer) as string,
        humanAnswer: sides ? i.humanAnswer : null,
      })),
      judgements: judgements.map((j) => ({
        judge: j.judgeId,
        item: j.itemId,
        label: j.label as TuringOrigin,
      })),
    };
  });
}
