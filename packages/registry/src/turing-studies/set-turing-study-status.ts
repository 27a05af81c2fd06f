import { writeAuditLog } from '../audit/write-audit-log.js';
import { ZActorSchema } from '../common.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { parseInput } from '../validate.js';
import { requireStudy } from './require-turing-study.js';
import { studyInclude, toTuringStudy } from './turing-study.mappers.js';
import type { TuringStudy } from './turing-study.types.js';

/**
 * Opens a draft study to its judges (`conflict` without items or unless a draft), or closes an
 * open one (`conflict` unless open): judging stops and the results become visible to judges.
 */
export async function setStatus(
  ctx: RegistryContext,
  projectId: string,
  studyId: string,
  status: 'open' | 'closed',
  actor: string = SYSTEM_ACTOR,
): Promise<TuringStudy> {
  const by = parseInput(ZActorSchema, actor, 'actor');
  if (status !== 'open' && status !== 'closed')
    throw new RegistryError('invalid', `status must be open or closed, not ${String(status)}`);
  return withDbErrors(() =>
    ctx.db.$transaction(async (tx) => {
      const study = await requireStudy(tx, projectId, studyId);
      const from = status === 'open' ? 'draft' : 'open';
      if (study.status !== from)
        throw new RegistryError(
          'conflict',
          `The study is ${study.status}; only a ${from} study can be ${status === 'open' ? 'opened' : 'closed'}`,
        );
      if (status === 'open' && study.itemCount === 0)
        throw new RegistryError('conflict', 'The study has no items; add items before opening it');
      const now = new Date();
      // The status in the WHERE makes two concurrent transitions change the row once.
      const { count } = await tx.turingStudy.updateMany({
        where: { id: study.id, status: from },
        data: { status, ...(status === 'open' ? { openedAt: now } : { closedAt: now }) },
      });
      if (count === 0) throw new RegistryError('conflict', `The study is no longer ${from}`);
      await writeAuditLog(tx, {
        projectId,
        actor: by,
        action: status === 'open' ? 'turing_study.open' : 'turing_study.close',
        entity: 'turing_study',
        entityId: study.id,
        details: {},
      });
      const row = await tx.turingStudy.findUniqueOrThrow({
        where: { id: study.id },
        include: studyInclude,
      });
      return toTuringStudy(row);
    }),
  );
}
