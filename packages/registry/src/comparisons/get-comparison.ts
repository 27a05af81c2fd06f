import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { comparisonInclude, toComparison } from './comparison.mappers.js';
import type { Comparison } from './comparison.types.js';

/** A comparison of the project, or `null` (also when it belongs to another project). */
export async function get(
  ctx: RegistryContext,
  projectId: string,
  id: string,
): Promise<Comparison | null> {
  if (!ZIdSchema.safeParse(projectId).success || !ZIdSchema.safeParse(id).success) return null;
  const row = await withDbErrors(() =>
    ctx.db.comparison.findFirst({ where: { id, projectId }, include: comparisonInclude }),
  );
  return row === null ? null : toComparison(row);
}
