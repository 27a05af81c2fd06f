import { judgeItemOrder, machineOnLeft } from '@assay/core/human';
import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import type {
  BlindTuringItem,
  TuringJudgeView,
  TuringMode,
  TuringStudyStatus,
} from './turing-study.types.js';

/**
 * What a judge sees next: the first item, in this judge's own order (the core's `judgeItemOrder`,
 * seeded by study and judge), that they have not judged, blinded — no origin, no system, no upload
 * position, and side by side the two answers in this judge's left/right order (`machineOnLeft`).
 * `item` is null once every item is judged, or while the study is not open. Other judges'
 * judgements are never read. `not_found` for an unknown or revoked judge.
 */
export async function nextItem(ctx: RegistryContext, judgeId: string): Promise<TuringJudgeView> {
  return withDbErrors(async () => {
    const judge = ZIdSchema.safeParse(judgeId).success
      ? await ctx.db.turingJudge.findUnique({ where: { id: judgeId }, include: { study: true } })
      : null;
    if (judge === null || judge.revokedAt !== null)
      throw new RegistryError('not_found', `Judge ${judgeId} does not exist`);
    const { study } = judge;
    const [items, judged] = await Promise.all([
      ctx.db.turingItem.findMany({ where: { studyId: study.id }, select: { id: true } }),
      ctx.db.turingJudgement.findMany({ where: { judgeId }, select: { itemId: true } }),
    ]);
    const done = new Set(judged.map((j) => j.itemId));
    let item: BlindTuringItem | null = null;
    if (study.status === 'open') {
      const order = judgeItemOrder(
        study.id,
        judgeId,
        items.map((i) => i.id),
      );
      const next = order.find((id) => !done.has(id));
      if (next !== undefined) {
        const row = await ctx.db.turingItem.findUniqueOrThrow({ where: { id: next } });
        const prompt = row.prompt === '' ? null : row.prompt;
        if (study.mode === 'side-by-side') {
          const left = machineOnLeft(study.id, judgeId, row.id);
          item = {
            id: row.id,
            prompt,
            left: left ? row.machineAnswer : row.humanAnswer,
            right: left ? row.humanAnswer : row.machineAnswer,
            answer: null,
          };
        } else {
          item = { id: row.id, prompt, left: null, right: null, answer: row.answer };
        }
      }
    }
    return {
      study: {
        id: study.id,
        name: study.name,
        description: study.description,
        mode: study.mode as TuringMode,
        status: study.status as TuringStudyStatus,
      },
      judge: { id: judge.id, name: judge.name },
      judged: done.size,
      total: items.length,
      item,
    };
  });
}
