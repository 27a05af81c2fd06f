import {
  AssayError,
  type ComputeLimits,
  compareModels,
  computeMetric,
  createRemoteTextModel,
  createSpecModel,
  datasetFingerprint,
  evaluateModel,
  evaluateShard,
  evaluateTextModel,
  explain,
  finishShardedEvaluation,
  isModel,
  LimitExceededError,
  loadModelArtifact,
  type Model,
  type ModelLoadContext,
  parseRemoteTextDescriptor,
  RemoteModelError,
  readDataset,
  readDatasetRange,
} from '@assay/core';
import {
  evaluateTrial,
  prepareStudy,
  refitPipeline,
  type Study,
  summarizeStudy,
} from '@assay/core/automl';
import { predictByName } from '../../predictions/predict-by-name.js';
import { ModelCache } from '../../versions/model-cache.js';
import type { AutoMlStudyInput, ComputeTask, ModelBytes, SerializedError } from './protocol.js';

/** AutoML studies a thread keeps: a run's trials reuse its featurized folds. */
const STUDY_CACHE_SIZE = 2;

/** Where a task runs: its bounds, its loaded models, and where its progress goes. */
export interface TaskContext {
  limits: ComputeLimits;
  models: ModelCache<Model>;
  /** Prepared AutoML studies, by run and dataset. */
  studies: ModelCache<Study>;
  progress(fraction: number, message: string): void;
  /** What loading a model may use: remote models send through the outbound policy's fetch. */
  loadContext: ModelLoadContext;
}

export function createTaskContext(
  limits: ComputeLimits,
  modelCacheSize: number,
  progress: TaskContext['progress'],
  loadContext: ModelLoadContext,
): TaskContext {
  return {
    limits,
    models: new ModelCache<Model>(modelCacheSize),
    studies: new ModelCache<Study>(STUDY_CACHE_SIZE),
    progress,
    loadContext,
  };
}

function loadModel(context: TaskContext, model: ModelBytes): Promise<Model> {
  return context.models.get(model.key, () =>
    loadModelArtifact(model.format, model.bytes, model.options, context.loadContext),
  );
}

/** The study of an AutoML run, prepared once per thread (deterministic: the same in every thread). */
function studyOf(context: TaskContext, input: AutoMlStudyInput): Promise<Study> {
  return context.studies.get(input.key, async () => {
    const table = await readDataset(input.dataset.bytes, {
      format: input.dataset.format,
      limits: context.limits,
    });
    return prepareStudy(table, input.settings);
  });
}

/**
 * Runs one task with the core: the same calls the request path made on the event loop before, now
 * in a compute thread (or inline, when the pool is turned off). Inputs are validated by the core,
 * so its errors (InvalidInputError, LimitExceededError) are the answers.
 */
export async function runTask(task: ComputeTask, context: TaskContext): Promise<unknown> {
  const { limits } = context;
  switch (task.kind) {
    case 'metric':
      return computeMetric(task.name, task.input, task.params ?? {}, { limits });
    case 'dataset': {
      const table = await readDataset(task.bytes, { format: task.format, limits });
      return { rows: table.rows, columns: [...table.columns] };
    }
    case 'artifact-check': {
      let model: Model;
      try {
        model = await loadModelArtifact(task.format, task.bytes, task.options, context.loadContext);
      } catch (error) {
        // The loaders throw InvalidInputError for bytes that are not what the format says; the
        // ONNX and TF.js runtimes' own parse errors arrive wrapped or as plain errors.
        if (!(error instanceof Error)) throw error;
        const reason =
          error instanceof AssayError ? error.message : `${error.name}: ${error.message}`;
        return { loads: false, reason };
      }
      try {
        return { loads: true, features: model.inputSchema.features.length };
      } finally {
        await model.dispose?.();
      }
    }
    case 'automl-study':
      return summarizeStudy(await studyOf(context, task));
    case 'automl-trial':
      return evaluateTrial(await studyOf(context, task), task.request);
    case 'automl-refit':
      return refitPipeline(await studyOf(context, task), task.choice, {
        deadline: task.deadline,
      });
    case 'predict':
      return predictByName(await loadModel(context, task.model), task.rows, task.featureNames);
    case 'evaluation': {
      const loaded = await loadModel(context, task.model);
      const callMs: number[] = [];
      const model = task.timing ? timed(loaded, callMs) : loaded;
      const table = await readDataset(task.dataset.bytes, { format: task.dataset.format, limits });
      const report = await evaluateModel({
        model,
        table,
        ...task.spec,
        ...(task.timing ? { batchRows: task.timing.batchRows } : {}),
        onProgress: ({ fraction, message }) => context.progress(fraction, message),
      });
      return {
        report,
        fingerprint: datasetFingerprint(task.dataset.bytes, table),
        ...(task.timing ? { callMs } : {}),
      };
    }
    case 'text-evaluation': {
      // Prompts, references and stored outputs are scored as written: "1.50" must stay "1.50".
      const { prompt, references, outputs } = task.spec;
      const table = await readDataset(task.dataset.bytes, {
        format: task.dataset.format,
        limits,
        textColumns: [prompt, ...references, ...(outputs === undefined ? [] : [outputs])],
      });
      // The model waits on its server, not on this thread's CPU; it is built per task (there is
      // nothing to load), sending through the thread's outbound fetch.
      const model =
        task.model === undefined
          ? undefined
          : createRemoteTextModel({
              ...parseRemoteTextDescriptor(task.model.bytes),
              ...(context.loadContext.fetch ? { fetch: context.loadContext.fetch } : {}),
            });
      const report = await evaluateTextModel({
        table,
        ...task.spec,
        ...(model ? { model } : {}),
        limits,
        onProgress: ({ fraction, message }) => context.progress(fraction, message),
      });
      return { report, fingerprint: datasetFingerprint(task.dataset.bytes, table) };
    }
    case 'comparison': {
      const [candidate, baseline] = await Promise.all([
        loadModel(context, task.candidate),
        loadModel(context, task.baseline),
      ]);
      const table = await readDataset(task.dataset.bytes, { format: task.dataset.format, limits });
      const report = await compareModels({
        candidate,
        baseline,
        table,
        ...task.spec,
        onProgress: ({ fraction, message }) => context.progress(fraction, message),
      });
      return {
        report: JSON.parse(JSON.stringify(report)),
        fingerprint: datasetFingerprint(task.dataset.bytes, table),
      };
    }
    case 'evaluation-shard': {
      const model = await loadModel(context, task.model);
      // Only the shard's rows are built (a Parquet file decodes only the row groups they are in).
      const { table, rows } = await readDatasetRange(task.dataset.bytes, {
        format: task.dataset.format,
        limits,
        rowRange: task.rowRange,
      });
      const state = await evaluateShard({
        model,
        table,
        ...task.spec,
        rowRange: { start: 0, end: table.rows },
        onProgress: ({ fraction, message }) => context.progress(fraction, message),
      });
      // The whole file's fingerprint: the columns (with their kinds) are the file's, and so are
      // the rows.
      const fingerprint = datasetFingerprint(task.dataset.bytes, { ...table, rows });
      return { state, fingerprint };
    }
    case 'evaluation-merge':
      return finishShardedEvaluation(task.states);
    case 'explanation': {
      let model: Model | undefined;
      let input = task.input as Record<string, unknown> | undefined;
      if (task.model !== undefined) {
        model = await loadModel(context, task.model);
      } else if (input !== null && typeof input === 'object' && input.model !== undefined) {
        // An inline spec becomes a model here only to be watched; a bad one is left to the core's
        // validation, whose message names the field.
        try {
          model = isModel(input.model) ? input.model : createSpecModel(input.model as never);
        } catch {
          model = undefined;
        }
      }
      if (model !== undefined) input = { ...(input ?? {}), model: watched(model, context) };
      const explanation = await explain(task.method, input, task.params ?? {}, { limits });
      return JSON.parse(JSON.stringify(explanation));
    }
  }
}

/** The model, recording the milliseconds of each `predict` call in `callMs`. */
function timed(model: Model, callMs: number[]): Model {
  const wrapper = Object.create(model) as Model;
  wrapper.predict = async (batch) => {
    const start = performance.now();
    try {
      return await model.predict(batch);
    } finally {
      callMs.push(performance.now() - start);
    }
  };
  return wrapper;
}

/**
 * The model, reporting the rows it has predicted: explainers do not know their total work in
 * advance, so progress is a count (fraction 0 until the end).
 */
function watched(model: Model, context: TaskContext): Model {
  let rows = 0;
  let calls = 0;
  const wrapper = Object.create(model) as Model;
  wrapper.predict = async (batch) => {
    rows += batch.rows;
    calls += 1;
    context.progress(0, `${calls} predict calls, ${rows} rows predicted`);
    return model.predict(batch);
  };
  return wrapper;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof LimitExceededError) {
    return {
      name: error.name,
      message: error.message,
      code: error.code,
      issues: error.issues,
      bound: error.bound,
      limit: error.limit,
      actual: error.actual,
    };
  }
  if (error instanceof AssayError) {
    return { name: error.name, message: error.message, code: error.code, issues: error.issues };
  }
  if (error instanceof RemoteModelError) {
    return {
      name: error.name,
      message: error.message,
      url: error.url,
      ...(error.status === undefined ? {} : { status: error.status }),
    };
  }
  const e = error instanceof Error ? error : new Error(String(error));
  return { name: e.name, message: e.stack ?? e.message };
}
