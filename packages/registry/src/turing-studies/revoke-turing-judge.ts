import { writeAuditLog } from '../audit/write-audit-log.js';
import { ZActorSchema, ZIdSchema } from '../common.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { parseInput } from '../validate.js';
import { requireStudy } from './require-turing-study.js';
import { judgeInclude, toTuringJudge } from './turing-study.mappers.js';
import type { TuringJudge } from './turing-study.types.js';

/** Revokes a judge's invitation (their judgements stay); revoking twice keeps the first instant. */
export async function revokeJudge(
  ctx: RegistryContext,
  projectId: string,
  studyId: string,
  judgeId: string,
  actor: string = SYSTEM_ACTOR,
): Promise<TuringJudge> {
  const by = parseInput(ZActorSchema, actor, 'actor');
  return withDbErrors(() =>
    ctx.db.$transaction(async (tx) => {
      await requireStudy(tx, projectId, studyId);
      const found = ZIdSchema.safeParse(judgeId).success
        ? await tx.turingJudge.findFirst({ where: { id: judgeId, studyId } })
        : null;
      if (found === null) throw new RegistryError('not_found', `Judge ${judgeId} does not exist`);
      if (found.revokedAt === null) {
        await tx.turingJudge.update({ where: { id: judgeId }, data: { revokedAt: new Date() } });
        await writeAuditLog(tx, {
          projectId,
          actor: by,
          action: 'turing_study.revoke_judge',
          entity: 'turing_study',
          entityId: studyId,
          details: { judge: judgeId },
        });
      }
      const row = await tx.turingJudge.findUniqueOrThrow({
        where: { id: judgeId },
        include: judgeInclude,
      });
      return toTuringJudge(row);
    }),
  );
}
