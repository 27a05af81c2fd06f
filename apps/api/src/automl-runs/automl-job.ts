import { type DataTable, loadModelArtifact, readDatasetRange } from '@assay/core';
import {
  chooseLearners,
  type LeaderboardTrial,
  noTrialCompleted,
  learners as registeredLearners,
  searchTrials,
} from '@assay/core/automl';
import type { AutoMlRun, Dataset, Job, JsonValue, Project, Registry } from '@assay/registry';
import { toEvaluationInput } from '../evaluations/run-evaluation.js';
import { notFound } from '../http/problem.js';
import type { ComputePool } from '../jobs/compute/compute-pool.js';
import type { AutoMlStudyInput, ModelBytes } from '../jobs/compute/protocol.js';
import type { JobDeps, JobHandler, JobTools } from '../jobs/job-handler.js';
import { versionKey, versionLoadOptions } from '../versions/load-version-model.js';
import { type TStartAutoMlBody, ZAutoMlJobInputSchema } from './automl-runs.contract.js';
import { autoMlTrialRunner, studyKey } from './automl-trials.js';

/** Rows explained, and rows of background, when the explanation runs (exact SHAP is 2^features). */
const EXPLAINED_ROWS = 5;
const BACKGROUND_ROWS = 50;

const json = (value: unknown): JsonValue => JSON.parse(JSON.stringify(value)) as JsonValue;

/** The core's settings from the API's request (the names differ: the API's are the issue's). */
function coreSettings(request: TStartAutoMlBody) {
  return {
    target: request.target,
    timeBudgetSeconds: request.budgetSeconds,
    excludedColumns: request.excludeColumns ?? [],
    ...(request.task === undefined ? {} : { task: request.task }),
    ...(request.metric === undefined ? {} : { primaryMetric: request.metric }),
    ...(request.maxTrials === undefined ? {} : { maxTrials: request.maxTrials }),
    ...(request.seed === undefined ? {} : { seed: request.seed }),
    ...(request.families === undefined ? {} : { families: request.families }),
  };
}

/**
 * Runs the search on this job's event loop — it only proposes trials and learns from them — with
 * the study prepared, every trial run and the refit done in compute threads (and trials spread
 * across BullMQ workers when jobs run on Redis: `autoMlTrialRunner`). The leaderboard is written
 * to the run as trials end and the job's progress is the share of the budget spent.
 */
async function search(
  deps: JobDeps,
  job: Job,
  run: AutoMlRun,
  dataset: Dataset,
  bytes: Uint8Array,
  request: TStartAutoMlBody,
  tools: JobTools,
) {
  const { registry, compute } = deps;
  const start = Date.now();
  const study: AutoMlStudyInput = {
    key: studyKey(run.id, dataset),
    dataset: { format: dataset.format, bytes },
    settings: coreSettings(request),
  };
  const summary = await compute.run(
    { kind: 'automl-study', ...study },
    { signal: tools.signal, job: true },
  );
  await tools.progress({ fraction: 0.02, message: 'searching' });
  const trials: LeaderboardTrial[] = [];
  let latest = { fraction: 0.02, message: 'searching' };
  let writing: Promise<void> | undefined;
  let dirty = false;
  /**
   * Writes the leaderboard so far and the progress; while a write is out, trials that end only
   * mark it stale, and one more write follows with everything (hundreds of trials a minute must
   * not queue hundreds of writes of a growing leaderboard). A failed write (the job being
   * stopped) ends nothing here: the signal stops the search.
   */
  const flush = () => {
    dirty = true;
    writing ??= (async () => {
      while (dirty) {
        dirty = false;
        const leaderboard = json(trials) as JsonValue[];
        const progress = latest;
        await registry.autoMlRuns
          .update(run.projectId, run.id, { leaderboard })
          .then(() => tools.progress(progress))
          .catch(() => undefined);
      }
      writing = undefined;
    })();
  };
  const { leaderboard, best } = await searchTrials(
    summary,
    chooseLearners(registeredLearners, summary.families, summary.task),
    autoMlTrialRunner(deps, job, tools, { ...study, runId: run.id, datasetId: dataset.id }),
    {
      start,
      parallelTrials: request.parallelTrials ?? 1,
      signal: tools.signal,
      onProgress: ({ trialsDone, trial, best, elapsedMs }) => {
        trials.push(trial);
        const bestText =
          best === null || best.mean === null
            ? 'none yet'
            : `${best.family} ${best.mean.toFixed(4)}`;
        latest = {
          fraction: Math.min(0.9, (0.9 * elapsedMs) / (request.budgetSeconds * 1000)),
          message: `${trialsDone} trials, best ${bestText}`,
        };
        flush();
      },
    },
  );
  await writing;
  if (best === null) throw noTrialCompleted(leaderboard);
  tools.signal.throwIfAborted();
  const artifact = await compute.run(
    {
      kind: 'automl-refit',
      ...study,
      choice: { family: best.family, hyperparameters: best.hyperparameters },
      deadline: start + request.budgetSeconds * 1000,
    },
    { signal: tools.signal, job: true },
  );
  return { summary, leaderboard, best, artifact };
}

/** The registered model, created when absent (a concurrent creation is as good). */
async function ensureModel(registry: Registry, project: Project, name: string, actor: string) {
  if ((await registry.models.get(project.id, name)) !== null) return;
  try {
    await registry.models.register({ projectId: project.id, name }, actor);
  } catch (error) {
    if ((await registry.models.get(project.id, name)) === null) throw error;
  }
}

/**
 * Exact (or sampled, by the core's `auto`) SHAP of the first rows against a background. The
 * rows are the model's raw codes (`rawValue`: numbers, category indices, dates in ms, NaN for a
 * gap), which its `predict` reads, so text and date columns are explained like numeric ones and
 * each raw column gets its attribution.
 */
async function explain(
  compute: ComputePool,
  model: ModelBytes,
  table: DataTable,
  features: readonly string[],
  rawValue: (feature: number, value: unknown) => number,
  signal: AbortSignal,
): Promise<Record<string, JsonValue>> {
  const rowsOf = (start: number, end: number) =>
    Array.from({ length: Math.max(0, Math.min(end, table.rows) - start) }, (_, k) =>
      features.map((name, j) => rawValue(j, table.column(name).values[start + k])),
    );
  const background = rowsOf(0, BACKGROUND_ROWS);
  const instances = rowsOf(0, EXPLAINED_ROWS);
  const result = (await compute.run(
    {
      kind: 'explanation',
      method: 'shap',
      input: { background, instances },
      params: { method: 'auto' },
      model,
    },
    { signal, job: true },
  )) as Record<string, unknown>;
  return {
    status: 'stored',
    explainer: 'shap',
    features: [...features],
    rows: instances.length,
    ...(json(result) as Record<string, JsonValue>),
  };
}

/**
 * An AutoML job: the stored dataset is read and searched (the core's `runAutoMl`, cancelled by
 * the job's signal), the best pipeline is registered as a new `automl` version with its lineage
 * in tags, batch-tested on the same dataset (the evaluation is stored) and explained on raw
 * columns of any type (numeric, text, dates; SHAP on the model's raw codes). The run row records each step; a failure or cancellation is written to
 * it before the job ends.
 *
 * The search runs on this job's event loop (it only proposes and learns); the study, every
 * trial, the refit, the batch test and the explanation run in compute threads, and with Redis
 * workers trials in flight beyond the first run as `automl-trial` jobs on any worker.
 */
export const runAutoMlJob: JobHandler = async (deps, job, tools) => {
  const { registry, compute } = deps;
  const { runId, request } = ZAutoMlJobInputSchema.parse(job.input);
  const project = await registry.projects.getById(job.projectId);
  if (!project) throw notFound(`Project ${job.projectId}`);
  const run = await registry.autoMlRuns.get(project.id, runId);
  if (!run) throw notFound(`AutoML run ${runId}`);
  const actor = job.createdBy ?? 'system';
  try {
    await registry.autoMlRuns.update(project.id, run.id, { status: 'running', jobId: job.id });
    await tools.progress({ fraction: 0, message: 'reading the dataset' });
    const dataset = await registry.datasets.get(project.id, request.datasetId);
    if (!dataset) throw notFound(`Dataset '${request.datasetId}'`);
    const bytes = await registry.datasets.read(dataset);
    const {
      summary,
      leaderboard,
      best,
      artifact: pipeline,
    } = await search(deps, job, run, dataset, bytes, request, tools);
    await tools.progress({ fraction: 0.9, message: 'registering the best pipeline' });
    const artifact = new TextEncoder().encode(JSON.stringify(pipeline));
    await ensureModel(registry, project, request.modelName, actor);
    const version = await registry.versions.create({
      projectId: project.id,
      modelName: request.modelName,
      format: 'automl',
      artifact,
      description: `AutoML run ${run.id}: ${best.family}, ${summary.metric} ${best.mean}`,
      tags: {
        'automl.run': run.id,
        'automl.dataset': dataset.id,
        'automl.dataset_sha256': dataset.sha256,
        'automl.seed': String(summary.settings.seed),
        'automl.parallel_trials': String(request.parallelTrials ?? 1),
        'automl.trial': String(best.trial),
        'automl.family': best.family,
        'automl.metric': summary.metric,
        'automl.task': summary.task,
      },
      createdBy: actor,
    });
    await registry.autoMlRuns.update(project.id, run.id, {
      leaderboard: json(leaderboard) as JsonValue[],
      guardrails: json(summary.guardrails) as JsonValue[],
      bestTrial: json(best) as Record<string, JsonValue>,
      modelVersion: version.number,
      versionId: version.id,
    });

    await tools.progress({ fraction: 0.93, message: 'batch-testing the registered version' });
    const model: ModelBytes = {
      key: versionKey(version),
      format: version.format,
      bytes: artifact,
      options: versionLoadOptions(version),
    };
    const metrics =
      summary.task === 'regression'
        ? [{ name: 'r2' }, { name: 'rmse' }, { name: 'mae' }]
        : [{ name: 'accuracy' }, { name: 'balancedAccuracy' }];
    const { report, fingerprint } = await compute.run(
      {
        kind: 'evaluation',
        model,
        dataset: { format: dataset.format, bytes },
        spec: { target: request.target, metrics },
      },
      { signal: tools.signal, job: true },
    );
    const evaluation = await registry.evaluations.create(
      toEvaluationInput(project, request.modelName, version.number, report, fingerprint, {
        actor,
        datasetId: dataset.id,
      }),
    );
    await registry.autoMlRuns.update(project.id, run.id, { evaluationId: evaluation.id });

    await tools.progress({ fraction: 0.96, message: 'explaining the registered version' });
    const loaded = await loadModelArtifact('automl', artifact);
    const features = loaded.inputSchema.features.map((f) => f.name);
    // An automl model always codes its raw columns (text, dates, gaps) itself.
    const rawValue =
      loaded.rawValue?.bind(loaded) ??
      ((_: number, v: unknown) => (typeof v === 'number' ? v : Number.NaN));
    // Only the rows explained and their background are read (a Parquet file decodes only their
    // row groups).
    const { table } = await readDatasetRange(bytes, {
      format: dataset.format,
      rowRange: { start: 0, end: Math.min(dataset.rows, BACKGROUND_ROWS) },
    });
    const explanation = await explain(compute, model, table, features, rawValue, tools.signal);
    const done = await registry.autoMlRuns.update(project.id, run.id, {
      status: 'succeeded',
      explanation,
    });
    return {
      result: {
        runId: done.id,
        modelName: request.modelName,
        version: version.number,
        evaluationId: evaluation.id,
        trials: leaderboard.length,
      },
    };
  } catch (error) {
    const cancelled = tools.signal.aborted;
    const detail = error instanceof Error ? error.message : String(error);
    await registry.autoMlRuns
      .update(project.id, run.id, {
        status: cancelled ? 'cancelled' : 'failed',
        error: { title: cancelled ? 'Cancelled' : 'AutoML run failed', detail },
      })
      .catch(() => undefined);
    throw error;
  }
};
