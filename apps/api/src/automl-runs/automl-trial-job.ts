import type { TAutoMlSettings } from '@assay/core/automl';
import { notFound } from '../http/problem.js';
import type { JobHandler } from '../jobs/job-handler.js';
import { ModelCache } from '../versions/model-cache.js';
import { studyKey, ZAutoMlTrialJobInputSchema } from './automl-trials.js';

/**
 * The datasets of the runs this process has trials of, by id and checksum: a run's trials all
 * read the same one, which is read (and its checksum verified) once, not once a trial.
 */
const datasets = new ModelCache<Uint8Array>(2);

/**
 * One trial of an AutoML search that its search handed to the queue (an `automl-trial` job,
 * created by `autoMlTrialRunner`): the worker reads the run's dataset, runs the trial in a compute
 * thread — which prepares the run's study from the same dataset and settings (deterministic: the
 * same folds and featurization as the search's) and keeps it for the run's next trials — and
 * stores the trial's outcome as the job's result.
 */
export const runAutoMlTrialJob: JobHandler = async ({ registry, compute }, job, tools) => {
  const input = ZAutoMlTrialJobInputSchema.parse(job.input);
  const dataset = await registry.datasets.get(job.projectId, input.datasetId);
  if (!dataset) throw notFound(`Dataset '${input.datasetId}'`);
  const bytes = await datasets.get(`${dataset.id}:${dataset.sha256}`, () =>
    registry.datasets.read(dataset),
  );
  const outcome = await compute.run(
    {
      kind: 'automl-trial',
      key: studyKey(input.runId, dataset),
      dataset: { format: dataset.format, bytes },
      settings: input.settings as TAutoMlSettings,
      request: input.request,
    },
    { signal: tools.signal, job: true },
  );
  return { result: JSON.parse(JSON.stringify(outcome)) };
};
