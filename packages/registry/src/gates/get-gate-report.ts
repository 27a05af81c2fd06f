import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { gateReportInclude, toGateReport } from './gate.mappers.js';
import type { GateReport } from './gate.types.js';

/** A gate report of the project, or `null` (also when it belongs to another project). */
export async function get(
  ctx: RegistryContext,
  projectId: string,
  id: string,
): Promise<GateReport | null> {
  if (!ZIdSchema.safeParse(projectId).success || !ZIdSchema.safeParse(id).success) return null;
  const row = await withDbErrors(() =>
    ctx.db.gateReport.findFirst({ where: { id, projectId }, include: gateReportInclude }),
  );
  return row === null ? null : toGateReport(row);
}
