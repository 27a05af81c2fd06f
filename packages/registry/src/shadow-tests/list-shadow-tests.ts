import { type Page, type PageRequest, ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { ZModelNameSchema } from '../models/model.schemas.js';
import { resolvePage, toPage } from '../pagination.js';
import { shadowTestInclude, toShadowTest } from './shadow-test.mappers.js';
import type { ShadowTest } from './shadow-test.types.js';

/** A model's shadow tests, newest first. */
export async function list(
  ctx: RegistryContext,
  projectId: string,
  modelName: string,
  page?: PageRequest,
): Promise<Page<ShadowTest>> {
  const { limit, after } = resolvePage<string>(page, 'shadow-tests', 'string');
  const notFound = new RegistryError('not_found', `Model "${modelName}" does not exist`);
  if (!ZIdSchema.safeParse(projectId).success || !ZModelNameSchema.safeParse(modelName).success)
    throw notFound;
  return withDbErrors(async () => {
    const model = await ctx.db.registeredModel.findUnique({
      where: { projectId_name: { projectId, name: modelName } },
      select: { id: true },
    });
    if (model === null) throw notFound;
    const rows = await ctx.db.shadowTest.findMany({
      where: { modelId: model.id, ...(after === undefined ? {} : { id: { lt: after } }) },
      orderBy: { id: 'desc' },
      take: limit + 1,
      include: shadowTestInclude,
    });
    const now = new Date();
    return toPage(
      rows,
      limit,
      'shadow-tests',
      (row) => row.id,
      (row) => toShadowTest(row, now),
    );
  });
}
