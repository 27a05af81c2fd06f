import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { evaluationInclude, toEvaluation } from '../evaluations/evaluation.mappers.js';
import { gateReportInclude, toGateReport } from '../gates/gate.mappers.js';
import type { AliasWhy } from '../gates/gate.types.js';
import { ZModelNameSchema } from '../models/model.schemas.js';
import { parseInput } from '../validate.js';
import { ZVersionNumberSchema } from '../versions/version.schemas.js';
import { aliasEventInclude, toAliasEvent } from './alias.mappers.js';
import { ZAliasNameSchema } from './alias.schemas.js';

/**
 * "Why is version 7 in production?": the newest ledger event that moved `alias` to `version`,
 * with the gate report or the override it rested on and the evaluation it cited, and whether the
 * alias still points there. `not_found` when the alias never pointed at that version.
 */
export async function why(
  ctx: RegistryContext,
  projectId: string,
  modelName: string,
  alias: string,
  version: number,
): Promise<AliasWhy> {
  const number = parseInput(ZVersionNumberSchema, version, 'version');
  const never = new RegistryError(
    'not_found',
    `Alias "${alias}" of model "${modelName}" never pointed at version ${number}`,
  );
  if (
    !ZIdSchema.safeParse(projectId).success ||
    !ZModelNameSchema.safeParse(modelName).success ||
    !ZAliasNameSchema.safeParse(alias).success
  ) {
    throw never;
  }
  return withDbErrors(async () => {
    const event = await ctx.db.modelAliasEvent.findFirst({
      where: { alias, model: { projectId, name: modelName }, toVersion: { number } },
      orderBy: { revision: 'desc' },
      include: {
        ...aliasEventInclude,
        model: { select: { projectId: true, name: true } },
        aliasRef: { select: { versionId: true } },
        gateReport: { include: gateReportInclude },
        evaluation: { include: evaluationInclude },
      },
    });
    if (event === null) throw never;
    return {
      event: toAliasEvent(event, event.model),
      holdsNow: event.aliasRef.versionId !== null && event.aliasRef.versionId === event.toVersionId,
      gateReport: event.gateReport === null ? null : toGateReport(event.gateReport),
      evaluation: event.evaluation === null ? null : toEvaluation(event.evaluation),
    };
  });
}
