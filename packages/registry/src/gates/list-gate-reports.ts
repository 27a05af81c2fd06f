import { type Page, type PageRequest, ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { ZModelNameSchema } from '../models/model.schemas.js';
import { resolvePage, toPage } from '../pagination.js';
import { parseInput } from '../validate.js';
import { gateReportInclude, toGateReport } from './gate.mappers.js';
import { type TListGateReportsFilterSchema, ZListGateReportsFilterSchema } from './gate.schemas.js';
import type { GateReport } from './gate.types.js';

/** A model's gate reports, newest first; `filter` narrows them to one alias and/or one version. */
export async function list(
  ctx: RegistryContext,
  projectId: string,
  modelName: string,
  filter: TListGateReportsFilterSchema = {},
  page?: PageRequest,
): Promise<Page<GateReport>> {
  const { alias, version } = parseInput(ZListGateReportsFilterSchema, filter, 'filter');
  const { limit, after } = resolvePage<string>(page, 'gate-reports', 'string');
  const notFound = new RegistryError(
    'not_found',
    `Model "${modelName}" does not exist in project ${projectId}`,
  );
  if (!ZIdSchema.safeParse(projectId).success || !ZModelNameSchema.safeParse(modelName).success)
    throw notFound;
  return withDbErrors(async () => {
    const model = await ctx.db.registeredModel.findUnique({
      where: { projectId_name: { projectId, name: modelName } },
      select: { id: true },
    });
    if (model === null) throw notFound;
    const rows = await ctx.db.gateReport.findMany({
      where: {
        modelId: model.id,
        ...(alias === undefined ? {} : { policy: { alias } }),
        ...(version === undefined ? {} : { candidateVersion: { number: version } }),
        ...(after === undefined ? {} : { id: { lt: after } }),
      },
      orderBy: { id: 'desc' },
      take: limit + 1,
      include: gateReportInclude,
    });
    return toPage(rows, limit, 'gate-reports', (row) => row.id, toGateReport);
  });
}
