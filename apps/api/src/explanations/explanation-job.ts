import { notFound } from '../http/problem.js';
import type { ModelBytes } from '../jobs/compute/protocol.js';
import type { JobHandler } from '../jobs/job-handler.js';
import { resolveVersion, versionKey, versionLoadOptions } from '../versions/load-version-model.js';
import { resolveDatasetSlices } from './dataset-refs.js';
import { ZExplanationJobInputSchema } from './explanations.contract.js';
import { rejectInlineModelWithRef } from './run-explanation.js';

/**
 * An explanation job: the registered model's bytes and the dataset slices are read here, the
 * explainer runs in a compute thread. Progress is the count of rows predicted (explainers do not
 * know their total work in advance).
 */
export const runExplanationJob: JobHandler = async ({ registry, compute }, job, tools) => {
  const request = ZExplanationJobInputSchema.parse(job.input);
  const project = await registry.projects.getById(job.projectId);
  if (!project) throw notFound(`Project ${job.projectId}`);
  await tools.progress({ fraction: 0, message: 'reading the model and the data' });
  let model: ModelBytes | undefined;
  if (request.model !== undefined) {
    rejectInlineModelWithRef(request.input);
    const version = await resolveVersion(registry, project, request.model.name, request.model);
    model = {
      key: versionKey(version),
      format: version.format,
      bytes: await registry.versions.readArtifact(version),
      options: versionLoadOptions(version),
    };
  }
  const input = await resolveDatasetSlices(registry, project, request.input);
  const result = await compute.run(
    {
      kind: 'explanation',
      method: request.method,
      input,
      params: request.params ?? {},
      ...(model ? { model } : {}),
    },
    { signal: tools.signal, onProgress: tools.progress, job: true },
  );
  return { result };
};
