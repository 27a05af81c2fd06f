import type { Evaluation as EvaluationRow } from '../generated/prisma/client.js';
import type { Evaluation, EvaluationMetric, ExplanationSummary } from './evaluation.types.js';

export interface EvaluationRowWithVersion extends EvaluationRow {
  version: { number: number };
  model: { name: string };
}

export const evaluationInclude = {
  version: { select: { number: true } },
  model: { select: { name: true } },
} as const;

export function toEvaluation(row: EvaluationRowWithVersion): Evaluation {
  return {
    id: row.id,
    projectId: row.projectId,
    modelId: row.modelId,
    modelName: row.model.name,
    version: row.version.number,
    versionId: row.versionId,
    status: row.status,
    dataset: {
      sha256: row.datasetSha256,
      rows: Number(row.datasetRows),
      columns: row.datasetColumns as string[],
    },
    // Written only after validation with ZCreateEvaluationSchema.
    metrics: row.metrics as unknown as EvaluationMetric[],
    explanations: row.explanations as unknown as ExplanationSummary[],
    datasetId: row.datasetId,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}
