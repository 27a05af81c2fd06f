import type { Tx } from '../db/client.js';
import { RegistryError } from '../errors.js';

/** The model row (id, project, name) or `not_found`; for use inside a transaction. */
export async function findModelOrThrow(
  tx: Tx,
  projectId: string,
  modelName: string,
): Promise<{ id: string; projectId: string; name: string }> {
  const model = await tx.registeredModel.findUnique({
    where: { projectId_name: { projectId, name: modelName } },
    select: { id: true, projectId: true, name: true },
  });
  if (model === null) {
    throw new RegistryError(
      'not_found',
      `Model "${modelName}" does not exist in project ${projectId}`,
    );
  }
  return model;
}
