import type { ComparisonReport } from '@assay/core';
import type { Comparison as ComparisonRow } from '../generated/prisma/client.js';
import type { TComparisonSpecSchema } from './comparison.schemas.js';
import type { Comparison } from './comparison.types.js';

export interface ComparisonRowWithNames extends ComparisonRow {
  model: { name: string };
  candidateVersion: { number: number };
  baselineVersion: { number: number };
}

export const comparisonInclude = {
  model: { select: { name: true } },
  candidateVersion: { select: { number: true } },
  baselineVersion: { select: { number: true } },
} as const;

export function toComparison(row: ComparisonRowWithNames): Comparison {
  return {
    id: row.id,
    projectId: row.projectId,
    modelId: row.modelId,
    modelName: row.model.name,
    candidateVersion: row.candidateVersion.number,
    baselineVersion: row.baselineVersion.number,
    baselineAlias: row.baselineAlias,
    datasetId: row.datasetId,
    dataset: { sha256: row.datasetSha256, rows: Number(row.datasetRows) },
    // Written only after validation with ZCreateComparisonSchema.
    spec: row.spec as unknown as TComparisonSpecSchema,
    report: row.report as unknown as ComparisonReport,
    jobId: row.jobId,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}
