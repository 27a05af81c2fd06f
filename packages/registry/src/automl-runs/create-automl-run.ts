import { writeAuditLog } from '../audit/write-audit-log.js';
import { ZActorSchema } from '../common.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { requireProject } from '../projects/require-project.js';
import { parseInput } from '../validate.js';
import { toAutoMlRun } from './automl-run.mappers.js';
import { type TCreateAutoMlRunSchema, ZCreateAutoMlRunSchema } from './automl-run.schemas.js';
import type { AutoMlRun } from './automl-run.types.js';

/** Records a queued AutoML run on a dataset of the project (`not_found` for another's dataset). */
export async function create(
  ctx: RegistryContext,
  input: TCreateAutoMlRunSchema,
  actor: string = SYSTEM_ACTOR,
): Promise<AutoMlRun> {
  const data = parseInput(ZCreateAutoMlRunSchema, input, 'AutoML run');
  const by = parseInput(ZActorSchema, actor, 'actor');
  return withDbErrors(() =>
    ctx.db.$transaction(async (tx) => {
      await requireProject(tx, data.projectId);
      const dataset = await tx.dataset.findFirst({
        where: { id: data.datasetId, projectId: data.projectId },
        select: { id: true },
      });
      if (dataset === null) {
        throw new RegistryError('not_found', `Dataset ${data.datasetId} not found in this project`);
      }
      const row = await tx.autoMlRun.create({
        data: {
          projectId: data.projectId,
          datasetId: data.datasetId,
          modelName: data.modelName,
          settings: data.settings,
          lineage: data.lineage,
          jobId: data.jobId ?? null,
          createdBy: data.createdBy ?? by,
        },
      });
      await writeAuditLog(tx, {
        projectId: row.projectId,
        actor: by,
        action: 'automl_run.create',
        entity: 'automl_run',
        entityId: row.id,
        details: { datasetId: row.datasetId, modelName: row.modelName },
      });
      return toAutoMlRun(row);
    }),
  );
}
