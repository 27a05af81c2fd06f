import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { toProject } from './project.mappers.js';
import type { Project } from './project.types.js';

/** The project with this id, or `null` (also for a string that is not an id). */
export async function getById(ctx: RegistryContext, id: string): Promise<Project | null> {
  if (!ZIdSchema.safeParse(id).success) return null;
  const row = await withDbErrors(() => ctx.db.project.findUnique({ where: { id } }));
  return row === null ? null : toProject(row);
}
