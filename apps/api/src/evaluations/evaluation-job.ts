import { notFound } from '../http/problem.js';
import type { JobHandler } from '../jobs/job-handler.js';
import { resolveVersion, versionKey, versionLoadOptions } from '../versions/load-version-model.js';
import { ZEvaluationJobInputSchema } from './run-evaluation.contract.js';
import { toEvaluationInput } from './run-evaluation.js';
import { runShardedEvaluation } from './sharded-evaluation.js';

/**
 * An evaluation job: the same batch test as the request path, on a stored dataset. The reads and
 * the storing happen here; predicting and scoring happen in a compute thread.
 */
export const runEvaluationJob: JobHandler = async (deps, job, tools) => {
  const { registry, compute } = deps;
  const { datasetId, ...spec } = ZEvaluationJobInputSchema.parse(job.input);
  const project = await registry.projects.getById(job.projectId);
  if (!project) throw notFound(`Project ${job.projectId}`);
  await tools.progress({ fraction: 0, message: 'reading the model and the dataset' });
  const version = await resolveVersion(registry, project, spec.model, spec);
  const dataset = await registry.datasets.get(project.id, datasetId);
  if (!dataset) throw notFound(`Dataset '${datasetId}'`);
  const { shard } = spec;
  if (shard !== undefined && shard !== false)
    return runShardedEvaluation(
      deps,
      job,
      tools,
      project,
      { ...spec, datasetId, shard },
      version,
      dataset,
    );
  const [modelBytes, datasetBytes] = await Promise.all([
    registry.versions.readArtifact(version),
    registry.datasets.read(dataset),
  ]);
  const { report, fingerprint } = await compute.run(
    {
      kind: 'evaluation',
      model: {
        key: versionKey(version),
        format: version.format,
        bytes: modelBytes,
        options: versionLoadOptions(version),
      },
      dataset: { format: dataset.format, bytes: datasetBytes },
      spec: {
        target: spec.target,
        metrics: spec.metrics,
        ...(spec.features ? { features: spec.features } : {}),
        ...(spec.confidence ? { confidence: spec.confidence } : {}),
      },
    },
    { signal: tools.signal, onProgress: tools.progress, job: true },
  );
  const evaluation = toEvaluationInput(project, spec.model, version.number, report, fingerprint, {
    actor: job.createdBy,
    datasetId: dataset.id,
  });
  // JSON as the API would answer it (NaN → null).
  return { result: { report: JSON.parse(JSON.stringify(report)) }, evaluation };
};
