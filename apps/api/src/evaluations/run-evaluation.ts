import { datasetFingerprint, evaluateModel, type Model, parseDataset } from '@assay/core';
import type { Evaluation, Project, Registry } from '@assay/registry';
import type { z } from 'zod';
import { loadVersionModel, resolveVersion } from '../predictions/load-version-model.js';
import type { ModelCache } from '../predictions/model-cache.js';
import type { ZRunEvaluationBodySchema } from './run-evaluation.contract.js';

/**
 * A batch test end to end: resolve and load the version, parse the dataset, let the core
 * predict and score it, and store the report with the dataset's fingerprint in the registry.
 */
export async function runEvaluation(
  registry: Registry,
  models: ModelCache<Model>,
  project: Project,
  request: z.infer<typeof ZRunEvaluationBodySchema>,
  actor: string,
): Promise<{ evaluation: Evaluation; report: Awaited<ReturnType<typeof evaluateModel>> }> {
  const version = await resolveVersion(registry, project, request.model, request);
  const model = await loadVersionModel(registry, models, version);
  const bytes = new TextEncoder().encode(request.dataset.content);
  const table = parseDataset(bytes, { format: request.dataset.format });
  const report = await evaluateModel({
    model,
    table,
    target: request.target,
    metrics: request.metrics,
    ...(request.features ? { features: request.features } : {}),
    ...(request.confidence ? { confidence: request.confidence } : {}),
  });
  const fingerprint = datasetFingerprint(bytes, table);
  const evaluation = await registry.evaluations.create({
    projectId: project.id,
    modelName: request.model,
    version: version.number,
    dataset: {
      sha256: fingerprint.sha256,
      rows: fingerprint.rows,
      columns: fingerprint.columns.map((c) => c.name),
    },
    metrics: report.metrics.map((m) => ({
      name: m.name,
      value: m.value !== null && Number.isFinite(m.value) ? m.value : null,
      signature: { signature: m.signature, params: JSON.parse(JSON.stringify(m.params)) },
      ...(m.confidenceInterval
        ? {
            confidenceInterval: {
              lower: m.confidenceInterval.low,
              upper: m.confidenceInterval.high,
              level: m.confidenceInterval.level,
              method: `bootstrap-${m.confidenceInterval.method}`,
            },
          }
        : {}),
    })),
    createdBy: actor,
  });
  return { evaluation, report };
}
