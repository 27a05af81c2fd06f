import { type Page, type PageRequest, ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { ZModelNameSchema } from '../models/model.schemas.js';
import { resolvePage, toPage } from '../pagination.js';
import { aliasInclude, toModelAlias } from './alias.mappers.js';
import type { ModelAlias } from './alias.types.js';

/** A model's aliases in name order (removed ones included, with `version: null`). */
export async function list(
  ctx: RegistryContext,
  projectId: string,
  modelName: string,
  page?: PageRequest,
): Promise<Page<ModelAlias>> {
  const { limit, after } = resolvePage<string>(page, 'aliases', 'string');
  const notFound = new RegistryError(
    'not_found',
    `Model "${modelName}" does not exist in project ${projectId}`,
  );
  if (!ZIdSchema.safeParse(projectId).success || !ZModelNameSchema.safeParse(modelName).success)
    throw notFound;
  return withDbErrors(async () => {
    const model = await ctx.db.registeredModel.findUnique({
      where: { projectId_name: { projectId, name: modelName } },
      select: { id: true, projectId: true, name: true },
    });
    if (model === null) throw notFound;
    const rows = await ctx.db.modelAlias.findMany({
      where:
        after === undefined ? { modelId: model.id } : { modelId: model.id, name: { gt: after } },
      orderBy: { name: 'asc' },
      take: limit + 1,
      include: aliasInclude,
    });
    return toPage(
      rows,
      limit,
      'aliases',
      (row) => row.name,
      (row) => toModelAlias(row, model),
    );
  });
}
