import { ZEvaluationJobInputSchema } from '../evaluations/run-evaluation.contract.js';
import { evaluateVersion, loadDataset } from '../evaluations/run-evaluation.js';
import { notFound } from '../http/problem.js';
import type { JobHandler } from './job-handler.js';

/** An evaluation job: the same batch test as the request path, on a stored dataset. */
export const runEvaluationJob: JobHandler = async ({ registry, models }, job, tools) => {
  const { datasetId, ...spec } = ZEvaluationJobInputSchema.parse(job.input);
  const project = await registry.projects.getById(job.projectId);
  if (!project) throw notFound(`Project ${job.projectId}`);
  await tools.progress({ fraction: 0, message: 'reading the dataset' });
  const data = await loadDataset(registry, project, datasetId);
  const { report, evaluation } = await evaluateVersion(registry, models, project, spec, data, {
    actor: job.createdBy,
    signal: tools.signal,
    onProgress: tools.progress,
  });
  // JSON as the API would answer it (NaN → null).
  return { result: { report: JSON.parse(JSON.stringify(report)) }, evaluation };
};
