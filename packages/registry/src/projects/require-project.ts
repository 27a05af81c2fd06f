import { ZIdSchema } from '../common.js';
import type { Db, Tx } from '../db/client.js';
import { RegistryError } from '../errors.js';

/**
 * Throws `not_found` unless the project exists (a malformed id cannot, and is not queried). Pass
 * the transaction when the write that follows must see the same project.
 */
export async function requireProject(db: Db | Tx, projectId: string): Promise<void> {
  const project = ZIdSchema.safeParse(projectId).success
    ? await db.project.findUnique({ where: { id: projectId }, select: { id: true } })
    : null;
  if (project === null) throw new RegistryError('not_found', `Project ${projectId} does not exist`);
}
