import { writeAuditLog } from '../audit/write-audit-log.js';
import { ZActorSchema } from '../common.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { parseInput } from '../validate.js';
import { generateJudgeToken, hashJudgeToken, JUDGE_TOKEN_DISPLAY_LENGTH } from './judge-token.js';
import { requireStudy } from './require-turing-study.js';
import { judgeInclude, toTuringJudge } from './turing-study.mappers.js';
import { ZInviteTuringJudgeSchema } from './turing-study.schemas.js';
import type { TuringJudge } from './turing-study.types.js';

/**
 * Invites a judge to one study: returns the invitation token (here and nowhere else; only its
 * sha256 is stored), which reaches that study's judging and nothing else. `conflict` on a closed
 * study or a judge name already invited to it.
 */
export async function inviteJudge(
  ctx: RegistryContext,
  projectId: string,
  studyId: string,
  input: { name: string },
  actor: string = SYSTEM_ACTOR,
): Promise<{ token: string; judge: TuringJudge }> {
  const data = parseInput(ZInviteTuringJudgeSchema, input, 'judge');
  const by = parseInput(ZActorSchema, actor, 'actor');
  const token = generateJudgeToken();
  const judge = await withDbErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        const study = await requireStudy(tx, projectId, studyId);
        if (study.status === 'closed')
          throw new RegistryError('conflict', 'The study is closed; it takes no more judges');
        const row = await tx.turingJudge.create({
          data: {
            studyId: study.id,
            name: data.name,
            prefix: token.slice(0, JUDGE_TOKEN_DISPLAY_LENGTH),
            tokenHash: hashJudgeToken(token),
            createdBy: by,
          },
          include: judgeInclude,
        });
        await writeAuditLog(tx, {
          projectId,
          actor: by,
          action: 'turing_study.invite_judge',
          entity: 'turing_study',
          entityId: study.id,
          details: { judge: row.id, name: row.name, prefix: row.prefix },
        });
        return toTuringJudge(row);
      }),
    { conflict: `A judge named "${data.name}" is already invited to this study` },
  );
  return { token, judge };
}
