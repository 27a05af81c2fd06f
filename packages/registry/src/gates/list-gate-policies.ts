import { ZAliasNameSchema } from '../aliases/alias.schemas.js';
import { type Page, type PageRequest, ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { ZModelNameSchema } from '../models/model.schemas.js';
import { resolvePage, toPage } from '../pagination.js';
import { parseInput } from '../validate.js';
import { gatePolicyInclude, toGatePolicy } from './gate.mappers.js';
import type { GatePolicy } from './gate.types.js';

/**
 * Every policy version of a model (of one alias with `alias`), newest first: the history of what
 * each alias's gate checked.
 */
export async function list(
  ctx: RegistryContext,
  projectId: string,
  modelName: string,
  alias?: string,
  page?: PageRequest,
): Promise<Page<GatePolicy>> {
  const { limit, after } = resolvePage<string>(page, 'gate-policies', 'string');
  if (alias !== undefined) parseInput(ZAliasNameSchema, alias, 'alias');
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
    const rows = await ctx.db.gatePolicy.findMany({
      where: {
        modelId: model.id,
        ...(alias === undefined ? {} : { alias }),
        ...(after === undefined ? {} : { id: { lt: after } }),
      },
      orderBy: { id: 'desc' },
      take: limit + 1,
      include: gatePolicyInclude,
    });
    return toPage(rows, limit, 'gate-policies', (row) => row.id, toGatePolicy);
  });
}
