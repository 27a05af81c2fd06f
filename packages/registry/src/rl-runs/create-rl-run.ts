import { writeAuditLog } from '../audit/write-audit-log.js';
import { ZActorSchema } from '../common.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { requireProject } from '../projects/require-project.js';
import { parseInput } from '../validate.js';
import { toRlRun } from './rl-run.mappers.js';
import { type TCreateRlRunSchema, ZCreateRlRunSchema } from './rl-run.schemas.js';
import type { RlRun } from './rl-run.types.js';

/** Creates an RL run; its name must be unused in the project (`conflict` otherwise). */
export async function create(
  ctx: RegistryContext,
  input: TCreateRlRunSchema,
  actor: string = SYSTEM_ACTOR,
): Promise<RlRun> {
  const data = parseInput(ZCreateRlRunSchema, input, 'RL run');
  const by = parseInput(ZActorSchema, actor, 'actor');
  return withDbErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        await requireProject(tx, data.projectId);
        const row = await tx.rlRun.create({
          data: {
            projectId: data.projectId,
            name: data.name,
            agentName: data.agentName,
            agentVersion: data.agentVersion ?? null,
            environment: data.environment,
            description: data.description ?? null,
            createdBy: data.createdBy ?? by,
          },
        });
        await writeAuditLog(tx, {
          projectId: row.projectId,
          actor: by,
          action: 'rl_run.create',
          entity: 'rl_run',
          entityId: row.id,
          details: { name: row.name, agent: row.agentName, environment: row.environment },
        });
        return toRlRun(row);
      }),
    { conflict: `An RL run named "${data.name}" already exists in this project` },
  );
}
