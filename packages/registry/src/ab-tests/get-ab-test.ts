import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { abTestInclude, toAbTest } from './ab-test.mappers.js';
import type { AbTest } from './ab-test.types.js';

/** The A/B test with this id in the project, or `null`. */
export async function get(
  ctx: RegistryContext,
  projectId: string,
  id: string,
): Promise<AbTest | null> {
  if (!ZIdSchema.safeParse(projectId).success || !ZIdSchema.safeParse(id).success) return null;
  const row = await withDbErrors(() =>
    ctx.db.abTest.findFirst({ where: { id, projectId }, include: abTestInclude }),
  );
  return row === null ? null : toAbTest(row);
}
