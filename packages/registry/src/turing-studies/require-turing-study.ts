import { ZIdSchema } from '../common.js';
import type { Db, Tx } from '../db/client.js';
import { RegistryError } from '../errors.js';

/** The study's row (id, mode, status, item count), or `not_found` when it is not in the project. */
export async function requireStudy(db: Db | Tx, projectId: string, studyId: string) {
  const row =
    ZIdSchema.safeParse(projectId).success && ZIdSchema.safeParse(studyId).success
      ? await db.turingStudy.findFirst({
          where: { id: studyId, projectId },
          select: { id: true, projectId: true, mode: true, status: true, itemCount: true },
        })
      : null;
  if (row === null) throw new RegistryError('not_found', `Turing study ${studyId} does not exist`);
  return row;
}
