import { getAlias } from './aliases/get-alias.js';
import { listAliasHistory } from './aliases/list-alias-history.js';
import { listAliases } from './aliases/list-aliases.js';
import { removeAlias } from './aliases/remove-alias.js';
import { resolveAliasAt } from './aliases/resolve-alias-at.js';
import { setAlias } from './aliases/set-alias.js';
import { authenticateApiKey } from './api-keys/authenticate-api-key.js';
import { countApiKeys } from './api-keys/count-api-keys.js';
import { createApiKey } from './api-keys/create-api-key.js';
import { listApiKeys } from './api-keys/list-api-keys.js';
import { revokeApiKey } from './api-keys/revoke-api-key.js';
import { gcArtifacts } from './artifacts/gc-artifacts.js';
import type { RegistryContext } from './context.js';
import { createDataset } from './datasets/create-dataset.js';
import { getDataset } from './datasets/get-dataset.js';
import { listDatasets } from './datasets/list-datasets.js';
import { readDataset } from './datasets/read-dataset.js';
import { withDbErrors } from './db/map-db-error.js';
import { RegistryError } from './errors.js';
import { createEvaluation } from './evaluations/create-evaluation.js';
import { getEvaluation } from './evaluations/get-evaluation.js';
import { listEvaluations } from './evaluations/list-evaluations.js';
import { createExperiment } from './experiments/create-experiment.js';
import { getExperiment } from './experiments/get-experiment.js';
import { listExperiments } from './experiments/list-experiments.js';
import { cancelJob } from './jobs/cancel-job.js';
import { claimJob } from './jobs/claim-job.js';
import { completeJob } from './jobs/complete-job.js';
import { countJobsByStatus } from './jobs/count-jobs.js';
import { createJob, findJobByIdempotencyKey } from './jobs/create-job.js';
import { failJob } from './jobs/fail-job.js';
import { getJob, getJobById } from './jobs/get-job.js';
import { heartbeatJob } from './jobs/heartbeat-job.js';
import { listJobs } from './jobs/list-jobs.js';
import { listStrandedJobs } from './jobs/list-stranded-jobs.js';
import { markJobCancelled } from './jobs/mark-job-cancelled.js';
import { getMetricHistory } from './metrics/get-metric-history.js';
import { logMetrics } from './metrics/log-metrics.js';
import { getModel } from './models/get-model.js';
import { listModels } from './models/list-models.js';
import { registerModel } from './models/register-model.js';
import { createProject } from './projects/create-project.js';
import { getProjectById } from './projects/get-project-by-id.js';
import { getProjectByName } from './projects/get-project-by-name.js';
import { listProjects } from './projects/list-projects.js';
import type { Registry } from './registry.js';
import { createRun } from './runs/create-run.js';
import { finishRun } from './runs/finish-run.js';
import { getRun } from './runs/get-run.js';
import { listRuns } from './runs/list-runs.js';
import { createVersion } from './versions/create-version.js';
import { getVersion } from './versions/get-version.js';
import { listVersions } from './versions/list-versions.js';
import { readVersionArtifact } from './versions/read-version-artifact.js';

/** The facade: binds each repository function to one context. */
export function createRegistry(
  ctx: RegistryContext,
  backend: Registry['backend'],
  release: () => Promise<void>,
): Registry {
  let closing: Promise<void> | undefined;
  return {
    backend,
    async ping() {
      try {
        await withDbErrors(() => ctx.db.$queryRawUnsafe('SELECT 1'));
      } catch (error) {
        if (error instanceof RegistryError) throw error;
        throw new RegistryError(
          'unavailable',
          `Database did not answer: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
    },
    close() {
      closing ??= release();
      return closing;
    },
    projects: {
      create: (input, actor) => createProject(ctx, input, actor),
      getByName: (name) => getProjectByName(ctx, name),
      getById: (id) => getProjectById(ctx, id),
      list: (page) => listProjects(ctx, page),
    },
    apiKeys: {
      create: (input, actor) => createApiKey(ctx, input, actor),
      list: (projectId, page) => listApiKeys(ctx, projectId, page),
      authenticate: (plaintext) => authenticateApiKey(ctx, plaintext),
      revoke: (id, actor) => revokeApiKey(ctx, id, actor),
      count: () => countApiKeys(ctx),
    },
    models: {
      register: (input, actor) => registerModel(ctx, input, actor),
      get: (projectId, name) => getModel(ctx, projectId, name),
      list: (projectId, page) => listModels(ctx, projectId, page),
    },
    versions: {
      create: (input) => createVersion(ctx, input),
      list: (projectId, modelName, page) => listVersions(ctx, projectId, modelName, page),
      get: (projectId, modelName, number) => getVersion(ctx, projectId, modelName, number),
      readArtifact: (version) => readVersionArtifact(ctx, version),
    },
    aliases: {
      set: (input, actor) => setAlias(ctx, input, actor),
      remove: (input, actor) => removeAlias(ctx, input, actor),
      get: (projectId, modelName, alias) => getAlias(ctx, projectId, modelName, alias),
      list: (projectId, modelName, page) => listAliases(ctx, projectId, modelName, page),
      history: (projectId, modelName, alias, page) =>
        listAliasHistory(ctx, projectId, modelName, alias, page),
      resolveAt: (projectId, modelName, alias, at) =>
        resolveAliasAt(ctx, projectId, modelName, alias, at),
    },
    evaluations: {
      create: (input) => createEvaluation(ctx, input),
      get: (projectId, id) => getEvaluation(ctx, projectId, id),
      list: (projectId, filter, page) => listEvaluations(ctx, projectId, filter, page),
    },
    artifacts: {
      gc: (options, actor) => gcArtifacts(ctx, options, actor),
    },
    datasets: {
      create: (input) => createDataset(ctx, input),
      get: (projectId, id) => getDataset(ctx, projectId, id),
      list: (projectId, page) => listDatasets(ctx, projectId, page),
      read: (dataset) => readDataset(ctx, dataset),
    },
    jobs: {
      create: (input) => createJob(ctx, input),
      get: (projectId, id) => getJob(ctx, projectId, id),
      getById: (id) => getJobById(ctx, id),
      findByIdempotencyKey: (projectId, key, sha) =>
        findJobByIdempotencyKey(ctx, projectId, key, sha),
      listStranded: (options) => listStrandedJobs(ctx, options),
      countByStatus: () => countJobsByStatus(ctx),
      list: (projectId, filter, page) => listJobs(ctx, projectId, filter, page),
      claim: (workerId, options) => claimJob(ctx, workerId, options),
      heartbeat: (id, attempt, options) => heartbeatJob(ctx, id, attempt, options),
      complete: (id, attempt, outcome) => completeJob(ctx, id, attempt, outcome),
      fail: (id, attempt, error) => failJob(ctx, id, attempt, error),
      markCancelled: (id, attempt) => markJobCancelled(ctx, id, attempt),
      cancel: (projectId, id, actor) => cancelJob(ctx, projectId, id, actor),
    },
    experiments: {
      create: (input, actor) => createExperiment(ctx, input, actor),
      get: (projectId, name) => getExperiment(ctx, projectId, name),
      list: (projectId, page) => listExperiments(ctx, projectId, page),
    },
    runs: {
      create: (input) => createRun(ctx, input),
      get: (id) => getRun(ctx, id),
      list: (experimentId, page) => listRuns(ctx, experimentId, page),
      finish: (id, input, actor) => finishRun(ctx, id, input, actor),
      logMetrics: (runId, points, actor, options) => logMetrics(ctx, runId, points, actor, options),
      metricHistory: (runId, key, page) => getMetricHistory(ctx, runId, key, page),
    },
  };
}
