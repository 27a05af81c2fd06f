import type { Db, Tx } from '../db/client.js';
import { RegistryError } from '../errors.js';

/** The id of a project's model by name; `not_found` when there is none. */
export async function reviewModelId(
  db: Db | Tx,
  projectId: string,
  modelName: string,
): Promise<string> {
  const found = await db.registeredModel.findUnique({
    where: { projectId_name: { projectId, name: modelName } },
    select: { id: true },
  });
  if (found === null) throw new RegistryError('not_found', `Model "${modelName}" does not exist`);
  return found.id;
}
