import { notFound } from '../http/problem.js';
import type { JobHandler } from '../jobs/job-handler.js';
import { resolveVersion, versionKey, versionLoadOptions } from '../versions/load-version-model.js';
import { ZTextEvaluationJobInputSchema } from './run-text-evaluation.contract.js';
import { runTextEvaluation, textModelOf, toTextEvaluationInput } from './run-text-evaluation.js';

/**
 * A text batch test as a job: the same compute task as the request path, on a stored dataset and
 * the version resolved when it was queued; the evaluation is stored when the job completes.
 */
export const runTextEvaluationJob: JobHandler = async ({ registry, compute }, job, tools) => {
  const { datasetId, ...spec } = ZTextEvaluationJobInputSchema.parse(job.input);
  const project = await registry.projects.getById(job.projectId);
  if (!project) throw notFound(`Project ${job.projectId}`);
  await tools.progress({ fraction: 0, message: 'reading the model and the dataset' });
  const version = await resolveVersion(registry, project, spec.model, { version: spec.version });
  const dataset = await registry.datasets.get(project.id, datasetId);
  if (!dataset) throw notFound(`Dataset '${datasetId}'`);
  const [modelBytes, datasetBytes] = await Promise.all([
    spec.outputs === undefined && version.format === 'remote'
      ? registry.versions.readArtifact(version)
      : undefined,
    registry.datasets.read(dataset),
  ]);
  const model = textModelOf(
    version,
    modelBytes === undefined
      ? undefined
      : {
          key: versionKey(version),
          format: version.format,
          bytes: modelBytes,
          options: versionLoadOptions(version),
        },
    spec,
  );
  const { report, fingerprint } = await runTextEvaluation(
    compute,
    model,
    { format: dataset.format, bytes: datasetBytes },
    spec,
    { signal: tools.signal, onProgress: tools.progress, job: true },
  );
  const evaluation = toTextEvaluationInput(project, version, report, fingerprint, {
    actor: job.createdBy,
    datasetId: dataset.id,
  });
  return { result: { report: JSON.parse(JSON.stringify(report)) }, evaluation };
};
