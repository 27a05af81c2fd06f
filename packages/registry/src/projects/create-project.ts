import { writeAuditLog } from '../audit/write-audit-log.js';
import { ZActorSchema } from '../common.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { parseInput } from '../validate.js';
import { toProject } from './project.mappers.js';
import { type TCreateProjectSchema, ZCreateProjectSchema } from './project.schemas.js';
import type { Project } from './project.types.js';

/** Creates a project; its name must be unused (`conflict` otherwise). */
export async function create(
  ctx: RegistryContext,
  input: TCreateProjectSchema,
  actor: string = SYSTEM_ACTOR,
): Promise<Project> {
  const data = parseInput(ZCreateProjectSchema, input, 'project');
  const by = parseInput(ZActorSchema, actor, 'actor');
  return withDbErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        const row = await tx.project.create({
          data: { name: data.name, description: data.description ?? null },
        });
        await writeAuditLog(tx, {
          projectId: row.id,
          actor: by,
          action: 'project.create',
          entity: 'project',
          entityId: row.id,
          details: { name: row.name },
        });
        return toProject(row);
      }),
    { conflict: `A project named "${data.name}" already exists` },
  );
}
