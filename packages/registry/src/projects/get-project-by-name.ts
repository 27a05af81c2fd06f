import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { toProject } from './project.mappers.js';
import { ZProjectNameSchema } from './project.schemas.js';
import type { Project } from './project.types.js';

/** The project with this name, or `null` (also for a name no project could have). */
export async function getByName(ctx: RegistryContext, name: string): Promise<Project | null> {
  if (!ZProjectNameSchema.safeParse(name).success) return null;
  const row = await withDbErrors(() => ctx.db.project.findUnique({ where: { name } }));
  return row === null ? null : toProject(row);
}
