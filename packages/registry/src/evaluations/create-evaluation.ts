import { writeAuditLog } from '../audit/write-audit-log.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import type { Prisma } from '../db/client.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { type TCreateEvaluationSchema, ZCreateEvaluationSchema } from '../schemas.js';
import type { Evaluation } from '../types.js';
import { parseInput } from '../validate.js';
import { evaluationInclude, toEvaluation } from './evaluation-mappers.js';

/**
 * Records a batch test of one model version on one dataset (fingerprint, metrics with signatures
 * and confidence intervals, explanation summaries), with its audit entry, in one transaction.
 * `status` defaults to `completed`.
 */
export async function createEvaluation(
  ctx: RegistryContext,
  input: TCreateEvaluationSchema,
): Promise<Evaluation> {
  const data = parseInput(ZCreateEvaluationSchema, input, 'evaluation');
  return withDbErrors(() =>
    ctx.db.$transaction(async (tx) => {
      const version = await tx.modelVersion.findFirst({
        where: { number: data.version, model: { projectId: data.projectId, name: data.modelName } },
        select: { id: true, modelId: true },
      });
      if (version === null) {
        throw new RegistryError(
          'not_found',
          `Model "${data.modelName}" has no version ${data.version} in project ${data.projectId}`,
        );
      }
      const row = await tx.evaluation.create({
        data: {
          projectId: data.projectId,
          modelId: version.modelId,
          versionId: version.id,
          status: data.status ?? 'completed',
          datasetSha256: data.dataset.sha256,
          datasetRows: BigInt(data.dataset.rows),
          datasetColumns: data.dataset.columns,
          metrics: data.metrics as Prisma.InputJsonArray,
          explanations: (data.explanations ?? []) as Prisma.InputJsonArray,
          createdBy: data.createdBy ?? null,
        },
        include: evaluationInclude,
      });
      await writeAuditLog(tx, {
        projectId: data.projectId,
        actor: data.createdBy ?? SYSTEM_ACTOR,
        action: 'evaluation.create',
        entity: 'evaluation',
        entityId: row.id,
        details: {
          model: data.modelName,
          version: data.version,
          status: row.status,
          datasetSha256: row.datasetSha256,
          metrics: data.metrics.slice(0, 50).map((m) => m.name),
        },
      });
      return toEvaluation(row);
    }),
  );
}
