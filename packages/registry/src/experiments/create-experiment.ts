import { writeAuditLog } from '../audit/write-audit-log.js';
import { ZActorSchema } from '../common.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { requireProject } from '../projects/require-project.js';
import { parseInput } from '../validate.js';
import { toExperiment } from './experiment.mappers.js';
import { type TCreateExperimentSchema, ZCreateExperimentSchema } from './experiment.schemas.js';
import type { Experiment } from './experiment.types.js';

/** Creates an experiment; its name must be unused in the project (`conflict` otherwise). */
export async function create(
  ctx: RegistryContext,
  input: TCreateExperimentSchema,
  actor: string = SYSTEM_ACTOR,
): Promise<Experiment> {
  const data = parseInput(ZCreateExperimentSchema, input, 'experiment');
  const by = parseInput(ZActorSchema, actor, 'actor');
  return withDbErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        await requireProject(tx, data.projectId);
        const row = await tx.experiment.create({
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
          action: 'experiment.create',
          entity: 'experiment',
          entityId: row.id,
          details: { name: row.name },
        });
        return toExperiment(row);
      }),
    { conflict: `An experiment named "${data.name}" already exists in this project` },
  );
}
