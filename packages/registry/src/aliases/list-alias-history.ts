import { type Page, type PageRequest, ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { ZModelNameSchema } from '../models/model.schemas.js';
import { resolvePage, toPage } from '../pagination.js';
import { aliasEventInclude, toAliasEvent } from './alias.mappers.js';
import { ZAliasNameSchema } from './alias.schemas.js';
import type { AliasEvent } from './alias.types.js';

/** The ledger of one alias, newest move first (empty if the alias never existed). */
export async function history(
  ctx: RegistryContext,
  projectId: string,
  modelName: string,
  alias: string,
  page?: PageRequest,
): Promise<Page<AliasEvent>> {
  const { limit, after } = resolvePage<number>(page, 'alias-history', 'number');
  const notFound = new RegistryError(
    'not_found',
    `Model "${modelName}" does not exist in project ${projectId}`,
  );
  if (!ZIdSchema.safeParse(projectId).success || !ZModelNameSchema.safeParse(modelName).success)
    throw notFound;
  if (!ZAliasNameSchema.safeParse(alias).success) return { items: [], nextCursor: null };
  return withDbErrors(async () => {
    const model = await ctx.db.registeredModel.findUnique({
      where: { projectId_name: { projectId, name: modelName } },
      select: { id: true, projectId: true, name: true },
    });
    if (model === null) throw notFound;
    const rows = await ctx.db.modelAliasEvent.findMany({
      where: {
        modelId: model.id,
        alias,
        ...(after === undefined ? {} : { revision: { lt: after } }),
      },
      orderBy: { revision: 'desc' },
      take: limit + 1,
      include: aliasEventInclude,
    });
    return toPage(
      rows,
      limit,
      'alias-history',
      (row) => row.revision,
      (row) => toAliasEvent(row, model),
    );
  });
}
