import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { ZModelNameSchema } from '../models/model.schemas.js';
import { shadowTestInclude, toShadowTest } from './shadow-test.mappers.js';
import type { ShadowTest } from './shadow-test.types.js';

/**
 * The shadow tests running now on an alias of a model (at most one; a list so that callers need
 * not care): what predictions through the alias mirror to.
 */
export async function running(
  ctx: RegistryContext,
  projectId: string,
  modelName: string,
  alias: string,
): Promise<ShadowTest[]> {
  if (!ZIdSchema.safeParse(projectId).success || !ZModelNameSchema.safeParse(modelName).success)
    return [];
  const rows = await withDbErrors(() =>
    ctx.db.shadowTest.findMany({
      where: { projectId, alias, status: 'running', model: { name: modelName } },
      include: shadowTestInclude,
    }),
  );
  const now = new Date();
  return rows.map((row) => toShadowTest(row, now)).filter((t) => t.status === 'running');
}
