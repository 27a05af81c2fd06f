import { writeAuditLog } from '../audit/write-audit-log.js';
import { SYSTEM_ACTOR } from '../context.js';
import type { Prisma, Tx } from '../db/client.js';
import { RegistryError } from '../errors.js';
import { evaluationInclude, toEvaluation } from './evaluation.mappers.js';
import type { TCreateEvaluationSchema } from './evaluation.schemas.js';
import type { Evaluation } from './evaluation.types.js';

/**
 * Inserts a validated evaluation and its audit entry in the caller's transaction: the one insert
 * behind `evaluations.create` and `jobs.complete`, so that both apply the same checks.
 */
export async function insertEvaluation(
  tx: Tx,
  data: TCreateEvaluationSchema,
  extraAudit: Prisma.InputJsonObject = {},
): Promise<Evaluation> {
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
  if (data.datasetId !== undefined) {
    const dataset = await tx.dataset.findFirst({
      where: { id: data.datasetId, projectId: data.projectId },
      select: { sha256: true },
    });
    if (dataset === null) {
      throw new RegistryError(
        'not_found',
        `Dataset ${data.datasetId} does not exist in project ${data.projectId}`,
      );
    }
    // An evaluation citing a stored dataset must have run on those bytes.
    if (dataset.sha256 !== data.dataset.sha256) {
      throw new RegistryError(
        'invalid',
        `Invalid evaluation: dataset ${data.datasetId} has sha256 ${dataset.sha256} but the fingerprint says ${data.dataset.sha256}`,
      );
    }
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
      datasetId: data.datasetId ?? null,
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
      datasetId: row.datasetId,
      metrics: data.metrics.slice(0, 50).map((m) => m.name),
      ...extraAudit,
    },
  });
  return toEvaluation(row);
}
