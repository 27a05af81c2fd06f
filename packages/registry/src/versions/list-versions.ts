import { type Page, type PageRequest, ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { ZModelNameSchema } from '../models/model.schemas.js';
import { resolvePage, toPage } from '../pagination.js';
import { toModelVersion } from './version.mappers.js';
import type { ModelVersion } from './version.types.js';

/** A model's versions, newest first (`not_found` if the model does not exist). */
export async function list(
  ctx: RegistryContext,
  projectId: string,
  modelName: string,
  page?: PageRequest,
): Promise<Page<ModelVersion>> {
  const { limit, after } = resolvePage<number>(page, 'versions', 'number');
  const notFound = new RegistryError(
    'not_found',
    `Model "${modelName}" does not exist in project ${projectId}`,
  );
  if (!ZIdSchema.safeParse(projectId).success || !ZModelNameSchema.safeParse(modelName).success)
    throw notFound;
  const model = await withDbErrors(() =>
    ctx.db.registeredModel.findUnique({
      where: { projectId_name: { projectId, name: modelName } },
      select: { id: true, projectId: true, name: true },
    }),
  );
  if (model === null) throw notFound;
  const rows = await withDbErrors(() =>
    ctx.db.modelVersion.findMany({
      where:
        after === undefined ? { modelId: model.id } : { modelId: model.id, number: { lt: after } },
      orderBy: { number: 'desc' },
      take: limit + 1,
    }),
  );
  return toPage(
    rows,
    limit,
    'versions',
    (row) => row.number,
    (row) => toModelVersion(row, model),
  );
}
