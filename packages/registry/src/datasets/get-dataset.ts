import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { toDataset } from './dataset.mappers.js';
import type { Dataset } from './dataset.types.js';

/** A dataset of the project, or `null` (also when it belongs to another project or `id` is malformed). */
export async function get(
  ctx: RegistryContext,
  projectId: string,
  id: string,
): Promise<Dataset | null> {
  if (!ZIdSchema.safeParse(projectId).success || !ZIdSchema.safeParse(id).success) return null;
  const row = await withDbErrors(() => ctx.db.dataset.findFirst({ where: { id, projectId } }));
  return row === null ? null : toDataset(row);
}
