import type { Page, PageRequest } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { resolvePage, toPage } from '../pagination.js';
import { requireProject } from '../projects/require-project.js';
import { parseInput } from '../validate.js';
import { evaluationInclude, toEvaluation } from './evaluation.mappers.js';
import {
  type TListEvaluationsFilterSchema,
  ZListEvaluationsFilterSchema,
} from './evaluation.schemas.js';
import type { Evaluation } from './evaluation.types.js';

/**
 * A project's evaluations, newest first; `filter` narrows them to one model or one version of it
 * (`not_found` when that model or version does not exist).
 */
export async function list(
  ctx: RegistryContext,
  projectId: string,
  filter: TListEvaluationsFilterSchema = {},
  page?: PageRequest,
): Promise<Page<Evaluation>> {
  const { modelName, version } = parseInput(ZListEvaluationsFilterSchema, filter, 'filter');
  const { limit, after } = resolvePage<string>(page, 'evaluations', 'string');
  return withDbErrors(async () => {
    await requireProject(ctx.db, projectId);
    let scope: { modelId?: string; versionId?: string } = {};
    if (modelName !== undefined) {
      const model = await ctx.db.registeredModel.findUnique({
        where: { projectId_name: { projectId, name: modelName } },
        select: { id: true },
      });
      if (model === null) {
        throw new RegistryError(
          'not_found',
          `Model "${modelName}" does not exist in project ${projectId}`,
        );
      }
      scope = { modelId: model.id };
      if (version !== undefined) {
        const row = await ctx.db.modelVersion.findUnique({
          where: { modelId_number: { modelId: model.id, number: version } },
          select: { id: true },
        });
        if (row === null)
          throw new RegistryError('not_found', `Model "${modelName}" has no version ${version}`);
        scope = { versionId: row.id };
      }
    }
    const rows = await ctx.db.evaluation.findMany({
      where: { projectId, ...scope, ...(after === undefined ? {} : { id: { lt: after } }) },
      orderBy: { id: 'desc' },
      take: limit + 1,
      include: evaluationInclude,
    });
    return toPage(rows, limit, 'evaluations', (row) => row.id, toEvaluation);
  });
}
