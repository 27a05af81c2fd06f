import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { studyInclude, toTuringStudy } from './turing-study.mappers.js';
import type { TuringStudy } from './turing-study.types.js';

/** The Turing study with this id in the project, or `null`. */
export async function get(
  ctx: RegistryContext,
  projectId: string,
  id: string,
): Promise<TuringStudy | null> {
  if (!ZIdSchema.safeParse(projectId).success || !ZIdSchema.safeParse(id).success) return null;
  const row = await withDbErrors(() =>
    ctx.db.turingStudy.findFirst({ where: { id, projectId }, include: studyInclude }),
  );
  return row === null ? null : toTuringStudy(row);
}
