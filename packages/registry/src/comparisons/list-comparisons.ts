import { type Page, type PageRequest, ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { ZModelNameSchema } from '../models/model.schemas.js';
import { resolvePage, toPage } from '../pagination.js';
import { comparisonInclude, toComparison } from './comparison.mappers.js';
import type { Comparison } from './comparison.types.js';

/** The comparisons of one model, newest first (`not_found` when the model does not exist). */
export async function list(
  ctx: RegistryContext,
  projectId: string,
  modelName: string,
  page?: PageRequest,
): Promise<Page<Comparison>> {
  const { limit, after } = resolvePage<string>(page, 'comparisons', 'string');
  const notFound = new RegistryError(
    'not_found',
    `Model "${modelName}" does not exist in project ${projectId}`,
  );
  if (!ZIdSchema.safeParse(projectId).success || !ZModelNameSchema.safeParse(modelName).success)
    throw notFound;
  return withDbErrors(async () => {
    const model = await ctx.db.registeredModel.findUnique({
      where: { projectId_name: { projectId, name: modelName } },
      select: { id: true },
    });
    if (model === null) throw notFound;
    const rows = await ctx.db.comparison.findMany({
      where: { modelId: model.id, ...(after === undefined ? {} : { id: { lt: after } }) },
      orderBy: { id: 'desc' },
      take: limit + 1,
      include: comparisonInclude,
    });
    return toPage(rows, limit, 'comparisons', (row) => row.id, toComparison);
  });
}
