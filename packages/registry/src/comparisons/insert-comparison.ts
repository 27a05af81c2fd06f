import { writeAuditLog } from '../audit/write-audit-log.js';
import { SYSTEM_ACTOR } from '../context.js';
import type { Prisma, Tx } from '../db/client.js';
import { RegistryError } from '../errors.js';
import { comparisonInclude, toComparison } from './comparison.mappers.js';
import type { TCreateComparisonSchema } from './comparison.schemas.js';
import type { Comparison } from './comparison.types.js';

/**
 * Inserts a validated comparison and its audit entry in the caller's transaction (behind
 * `comparisons.create` and `gateReports.create`). With a `jobId` already stored, returns that
 * comparison instead: a retried job stores its comparison once.
 */
export async function insertComparison(tx: Tx, data: TCreateComparisonSchema): Promise<Comparison> {
  if (data.jobId !== undefined) {
    const earlier = await tx.comparison.findUnique({
      where: { jobId: data.jobId },
      include: comparisonInclude,
    });
    if (earlier !== null) return toComparison(earlier);
  }
  const model = await tx.registeredModel.findUnique({
    where: { projectId_name: { projectId: data.projectId, name: data.modelName } },
    select: { id: true },
  });
  if (model === null) {
    throw new RegistryError(
      'not_found',
      `Model "${data.modelName}" does not exist in project ${data.projectId}`,
    );
  }
  const versions = await tx.modelVersion.findMany({
    where: { modelId: model.id, number: { in: [data.candidateVersion, data.baselineVersion] } },
    select: { id: true, number: true },
  });
  const idOf = (number: number) => {
    const found = versions.find((v) => v.number === number);
    if (!found)
      throw new RegistryError('not_found', `Model "${data.modelName}" has no version ${number}`);
    return found.id;
  };
  const candidateVersionId = idOf(data.candidateVersion);
  const baselineVersionId = idOf(data.baselineVersion);
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
  if (dataset.sha256 !== data.dataset.sha256) {
    throw new RegistryError(
      'invalid',
      `Invalid comparison: dataset ${data.datasetId} has sha256 ${dataset.sha256} but the fingerprint says ${data.dataset.sha256}`,
    );
  }
  const row = await tx.comparison.create({
    data: {
      projectId: data.projectId,
      modelId: model.id,
      candidateVersionId,
      baselineVersionId,
      baselineAlias: data.baselineAlias ?? null,
      datasetId: data.datasetId,
      datasetSha256: data.dataset.sha256,
      datasetRows: BigInt(data.dataset.rows),
      spec: data.spec as Prisma.InputJsonObject,
      report: data.report as Prisma.InputJsonObject,
      jobId: data.jobId ?? null,
      createdBy: data.createdBy ?? null,
    },
    include: comparisonInclude,
  });
  await writeAuditLog(tx, {
    projectId: data.projectId,
    actor: data.createdBy ?? SYSTEM_ACTOR,
    action: 'comparison.create',
    entity: 'comparison',
    entityId: row.id,
    details: {
      model: data.modelName,
      candidateVersion: data.candidateVersion,
      baselineVersion: data.baselineVersion,
      baselineAlias: data.baselineAlias ?? null,
      datasetId: data.datasetId,
      jobId: data.jobId ?? null,
    },
  });
  return toComparison(row);
}
