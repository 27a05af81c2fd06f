import type { AutoMlRun as AutoMlRunRow } from '../generated/prisma/client.js';
import type { AutoMlRun, AutoMlRunStatus } from './automl-run.types.js';

// JSON columns are written only after validation with the schemas in automl-run.schemas.ts.
export function toAutoMlRun(row: AutoMlRunRow): AutoMlRun {
  return {
    id: row.id,
    projectId: row.projectId,
    datasetId: row.datasetId,
    modelName: row.modelName,
    settings: row.settings as Record<string, unknown>,
    status: row.status as AutoMlRunStatus,
    leaderboard: row.leaderboard as unknown[],
    guardrails: (row.guardrails as unknown[] | null) ?? null,
    bestTrial: (row.bestTrial as Record<string, unknown> | null) ?? null,
    modelVersion: row.modelVersion,
    versionId: row.versionId,
    evaluationId: row.evaluationId,
    explanation: (row.explanation as Record<string, unknown> | null) ?? null,
    lineage: row.lineage as Record<string, unknown>,
    jobId: row.jobId,
    error: (row.error as { title: string; detail: string } | null) ?? null,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
