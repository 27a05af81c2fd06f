import { machineOnLeft } from '@assay/core/human';
import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { isRegistryError, RegistryError } from '../errors.js';
import { parseInput } from '../validate.js';
import {
  type TSubmitTuringJudgementSchema,
  ZSubmitTuringJudgementSchema,
} from './turing-study.schemas.js';
import type { TuringChoice, TuringJudgementReceipt } from './turing-study.types.js';

/**
 * Stores a judge's verdict on one item of their study, once. Side by side the choice is the side
 * the judge calls the machine's, read against the sides this judge was shown; single, the origin
 * they give the answer. The same choice again answers the stored judgement (`replayed: true`); a
 * different one is a `conflict` (a verdict cannot be changed). `conflict` unless the study is open;
 * `not_found` for an item outside the judge's study or an unknown or revoked judge; `invalid` for
 * a choice of the other mode. The receipt says nothing of correctness: results stay hidden.
 */
export async function submitJudgement(
  ctx: RegistryContext,
  judgeId: string,
  input: TSubmitTuringJudgementSchema,
): Promise<TuringJudgementReceipt> {
  const data = parseInput(ZSubmitTuringJudgementSchema, input, 'judgement');
  return withDbErrors(async () => {
    const judge = ZIdSchema.safeParse(judgeId).success
      ? await ctx.db.turingJudge.findUnique({ where: { id: judgeId }, include: { study: true } })
      : null;
    if (judge === null || judge.revokedAt !== null)
      throw new RegistryError('not_found', `Judge ${judgeId} does not exist`);
    const { study } = judge;
    const item = await ctx.db.turingItem.findFirst({
      where: { id: data.itemId, studyId: study.id },
      select: { id: true, origin: true },
    });
    if (item === null)
      throw new RegistryError('not_found', `Item ${data.itemId} is not in this study`);
    const sides = study.mode === 'side-by-side';
    if (sides !== (data.choice === 'left' || data.choice === 'right'))
      throw new RegistryError(
        'invalid',
        sides
          ? `choice must be left or right in a side-by-side study, not ${data.choice}`
          : `choice must be human or machine in a single-answer study, not ${data.choice}`,
        { details: [{ path: ['choice'], message: 'choice does not fit the study’s mode' }] },
      );
    const existing = () =>
      ctx.db.turingJudgement.findUnique({
        where: { itemId_judgeId: { itemId: item.id, judgeId } },
        select: { choice: true, createdAt: true },
      });
    const receipt = (row: { choice: string; createdAt: Date }, replayed: boolean) => {
      if (row.choice !== data.choice)
        throw new RegistryError(
          'conflict',
          'This item is already judged with another choice; a judgement is stored once',
        );
      return {
        itemId: item.id,
        choice: row.choice as TuringChoice,
        createdAt: row.createdAt.toISOString(),
        replayed,
      };
    };
    const before = await existing();
    if (before !== null) return receipt(before, true);
    if (study.status !== 'open')
      throw new RegistryError(
        'conflict',
        `The study is ${study.status}; it takes judgements only while open`,
      );
    const onLeft = sides ? machineOnLeft(study.id, judgeId, item.id) : null;
    // Side by side the judged answer is the machine's: "machine" when the judge picked its side.
    const label = sides ? ((data.choice === 'left') === onLeft ? 'machine' : 'human') : data.choice;
    const origin = sides ? 'machine' : (item.origin as string);
    try {
      const row = await withDbErrors(() =>
        ctx.db.turingJudgement.create({
          data: {
            studyId: study.id,
            itemId: item.id,
            judgeId,
            choice: data.choice,
            machineOnLeft: onLeft,
            label,
            correct: label === origin,
          },
          select: { choice: true, createdAt: true },
        }),
      );
      return receipt(row, false);
    } catch (error) {
      // A concurrent request of the same judge stored it first: answer as a replay.
      if (!isRegistryError(error) || error.code !== 'conflict') throw error;
      const raced = await existing();
      if (raced === null) throw error;
      return receipt(raced, true);
    }
  });
}
