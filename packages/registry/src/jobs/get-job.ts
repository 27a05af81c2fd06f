import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { toJob } from './job.mappers.js';
import type { Job } from './job.types.js';

/** A job of the project, or `null` (also when it belongs to another project or `id` is malformed). */
export async function get(
  ctx: RegistryContext,
  projectId: string,
  id: string,
): Promise<Job | null> {
  if (!ZIdSchema.safeParse(projectId).success || !ZIdSchema.safeParse(id).success) return null;
  const row = await withDbErrors(() => ctx.db.job.findFirst({ where: { id, projectId } }));
  return row === null ? null : toJob(row);
}

/** A job by id alone, for workers (which hold only the id a queue carried), or `null`. */
export async function getById(ctx: RegistryContext, id: string): Promise<Job | null> {
  if (!ZIdSchema.safeParse(id).success) return null;
  const row = await withDbErrors(() => ctx.db.job.findUnique({ where: { id } }));
  return row === null ? null : toJob(row);
}
