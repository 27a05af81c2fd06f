import { notFound } from '../http/problem.js';
import type { JobHandler } from '../jobs/job-handler.js';
import { resolveVersion, versionKey, versionLoadOptions } from '../versions/load-version-model.js';
import { ZEvaluationShardJobInputSchema } from './run-evaluation.contract.js';

/**
 * One row range of a sharded batch test (an `evaluation-shard` job, created by its parent
 * evaluation job: `sharded-evaluation.ts`): predicts those rows in a compute thread and stores
 * their mergeable statistics (the core's `evaluateShard`, plain JSON) as the job's result. It
 * stores no evaluation; the parent merges the shards and stores one.
 */
export const runEvaluationShardJob: JobHandler = async ({ registry, compute }, job, tools) => {
  const input = ZEvaluationShardJobInputSchema.parse(job.input);
  const project = await registry.projects.getById(job.projectId);
  if (!project) throw notFound(`Project ${job.projectId}`);
  await tools.progress({
    fraction: 0,
    message: `shard ${input.index + 1} of ${input.shards}: reading the model and the dataset`,
  });
  const version = await resolveVersion(registry, project, input.model, { version: input.version });
  const dataset = await registry.datasets.get(project.id, input.datasetId);
  if (!dataset) throw notFound(`Dataset '${input.datasetId}'`);
  const [modelBytes, datasetBytes] = await Promise.all([
    registry.versions.readArtifact(version),
    registry.datasets.read(dataset),
  ]);
  const { state, fingerprint } = await compute.run(
    {
      kind: 'evaluation-shard',
      model: {
        key: versionKey(version),
        format: version.format,
        bytes: modelBytes,
        options: versionLoadOptions(version),
      },
      dataset: { format: dataset.format, bytes: datasetBytes },
      spec: {
        target: input.target,
        metrics: input.metrics,
        ...(input.features ? { features: input.features } : {}),
      },
      rowRange: input.rowRange,
    },
    { signal: tools.signal, onProgress: tools.progress, job: true },
  );
  return { result: JSON.parse(JSON.stringify({ state, fingerprint })) };
};
