import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { shadowTestInclude, toShadowTest } from './shadow-test.mappers.js';
import type { ShadowTest } from './shadow-test.types.js';

/** The shadow test with this id in the project, or `null`. */
export async function get(
  ctx: RegistryContext,
  projectId: string,
  id: string,
): Promise<ShadowTest | null> {
  if (!ZIdSchema.safeParse(projectId).success || !ZIdSchema.safeParse(id).success) return null;
  const row = await withDbErrors(() =>
    ctx.db.shadowTest.findFirst({ where: { id, projectId }, include: shadowTestInclude }),
  );
  return row === null ? null : toShadowTest(row);
}
