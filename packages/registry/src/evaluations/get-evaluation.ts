import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { evaluationInclude, toEvaluation } from './evaluation.mappers.js';
import type { Evaluation } from './evaluation.types.js';

/** An evaluation of the project, or `null` (also when it belongs to another project). */
export async function get(
  ctx: RegistryContext,
  projectId: string,
  id: string,
): Promise<Evaluation | null> {
  if (!ZIdSchema.safeParse(projectId).success || !ZIdSchema.safeParse(id).success) return null;
  const row = await withDbErrors(() =>
    ctx.db.evaluation.findFirst({ where: { id, projectId }, include: evaluationInclude }),
  );
  return row === null ? null : toEvaluation(row);
}
