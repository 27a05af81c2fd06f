import { writeAuditLog } from '../audit/write-audit-log.js';
import { ZActorSchema } from '../common.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { requireProject } from '../projects/require-project.js';
import { parseInput } from '../validate.js';
import { toRegisteredModel } from './model.mappers.js';
import { type TRegisterModelSchema, ZRegisterModelSchema } from './model.schemas.js';
import type { RegisteredModel } from './model.types.js';

/** Registers a model name in a project (`conflict` if the project already has it). */
export async function register(
  ctx: RegistryContext,
  input: TRegisterModelSchema,
  actor: string = SYSTEM_ACTOR,
): Promise<RegisteredModel> {
  const data = parseInput(ZRegisterModelSchema, input, 'model');
  const by = parseInput(ZActorSchema, actor, 'actor');
  return withDbErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        await requireProject(tx, data.projectId);
        const row = await tx.registeredModel.create({
          data: {
            projectId: data.projectId,
            name: data.name,
            description: data.description ?? null,
            tags: data.tags ?? {},
          },
        });
        await writeAuditLog(tx, {
          projectId: row.projectId,
          actor: by,
          action: 'model.register',
          entity: 'model',
          entityId: row.id,
          details: { name: row.name },
        });
        return toRegisteredModel(row);
      }),
    { conflict: `A model named "${data.name}" already exists in this project` },
  );
}
