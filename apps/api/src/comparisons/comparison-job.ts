import type { Registry } from '@assay/registry';
import { notFound } from '../http/problem.js';
import type { JobHandler } from '../jobs/job-handler.js';
import { ModelCache } from '../versions/model-cache.js';
import { ZComparisonJobInputSchema } from './comparisons.contract.js';
import { compareVersions } from './run-comparison.js';

/**
 * A comparison job: the same comparison as the request path, on the stored dataset, with the
 * versions resolved when it was queued. The comparison is stored once per job (a retry after a
 * crash finds it), and the job's result names it.
 */
export const runComparisonJob: JobHandler = async ({ registry, compute }, job, tools) => {
  const { model, candidateVersion, baselineVersion, baselineAlias, datasetId, ...spec } =
    ZComparisonJobInputSchema.parse(job.input);
  const project = await registry.projects.getById(job.projectId);
  if (!project) throw notFound(`Project ${job.projectId}`);
  await tools.progress({ fraction: 0, message: 'reading the models and the dataset' });
  const version = async (number: number) => {
    const found = await registry.versions.get(project.id, model, number);
    if (!found) throw notFound(`Version ${number} of model '${model}'`);
    return found;
  };
  const dataset = await registry.datasets.get(project.id, datasetId);
  if (!dataset) throw notFound(`Dataset '${datasetId}'`);
  const input = await compareVersions(
    { registry: registry as Registry, models: new ModelCache(2), compute },
    {
      project,
      modelName: model,
      candidate: await version(candidateVersion),
      baseline: await version(baselineVersion),
      baselineAlias,
      dataset,
    },
    spec,
    { actor: job.createdBy, signal: tools.signal, job: true, onProgress: tools.progress },
  );
  const comparison = await registry.comparisons.create({ ...input, jobId: job.id });
  return { result: { comparisonId: comparison.id } };
};
