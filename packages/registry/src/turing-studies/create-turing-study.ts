import { writeAuditLog } from '../audit/write-audit-log.js';
import { ZActorSchema } from '../common.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { requireProject } from '../projects/require-project.js';
import { parseInput } from '../validate.js';
import { studyInclude, toTuringStudy } from './turing-study.mappers.js';
import { type TCreateTuringStudySchema, ZCreateTuringStudySchema } from './turing-study.schemas.js';
import type { TuringStudy } from './turing-study.types.js';

/**
 * Creates a Turing study (a draft): `not_found` without the project, `conflict` when the project
 * already has a study of that name.
 */
export async function create(
  ctx: RegistryContext,
  input: TCreateTuringStudySchema,
  actor: string = SYSTEM_ACTOR,
): Promise<TuringStudy> {
  const data = parseInput(ZCreateTuringStudySchema, input, 'Turing study');
  const by = parseInput(ZActorSchema, actor, 'actor');
  return withDbErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        await requireProject(tx, data.projectId);
        const row = await tx.turingStudy.create({
          data: {
            projectId: data.projectId,
            name: data.name,
            description: data.description ?? null,
            mode: data.mode,
            createdBy: data.createdBy ?? by,
          },
          include: studyInclude,
        });
        await writeAuditLog(tx, {
          projectId: data.projectId,
          actor: by,
          action: 'turing_study.create',
          entity: 'turing_study',
          entityId: row.id,
          details: { name: data.name, mode: data.mode },
        });
        return toTuringStudy(row);
      }),
    { conflict: `Turing study "${data.name}" already exists` },
  );
}
