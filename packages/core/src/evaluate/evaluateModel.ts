import { z } from 'zod';
import type { DataTable, TableColumn } from '../data/types.js';
import { InvalidInputError } from '../errors/index.js';
import { compareLabels, type Label } from '../labels/index.js';
import type { Matrix } from '../linalg/index.js';
import { computeMetric, getMetric } from '../metrics/computeMetric.js';
import type { MetricDefinition, MetricResult } from '../metrics/types.js';
import { findFeatureColumns } from '../models/featureRows.js';
import { argmaxClasses, predictBatches } from '../models/predictBatches.js';
import type { Model } from '../models/types.js';
import type { BootstrapResult } from '../stats/bootstrap.js';
import { canonical } from './canonical.js';
import { checkEvaluationRequest } from './checkEvaluationRequest.js';
import type {
  ClassSummary,
  EvaluatedMetric,
  EvaluateModelOptions,
  EvaluationInterval,
  ModelEvaluation,
  PredictionSummary,
} from './types.js';

/** Which Assay behaviour evaluation signatures stand for. */
export const EVALUATION_SIGNATURE_VERSION = 'assay-core.0.1.0';

export const DEFAULT_BATCH_ROWS = 8192;
/** Metric input fields that come from the predictions rather than from table columns. */
const PREDICTION_FIELDS = ['yTrue', 'yPred', 'yScore', 'yProb'] as const;

function fail(message: string, path: (string | number)[]): never {
  throw new InvalidInputError(message, [{ path, message }]);
}

/** The predictions, in the shapes metrics take (plain arrays: the bootstrap resamples arrays). */
export type Prepared =
  | { task: 'regression'; yTrue: number[]; yPred: number[] }
  | {
      task: 'binary' | 'multiclass';
      classes: Label[];
      yTrue: Label[];
      yPred: Label[];
      /** Binary: P(classes[1]) per row. */
      pPositive: number[] | undefined;
      /** Multiclass: probability rows, columns in sorted-class order. */
      rowsSorted: number[][] | undefined;
      sorted: Label[];
    };

function inputFields(metric: MetricDefinition): { required: Set<string>; all: Set<string> } {
  if (!(metric.input instanceof z.ZodObject)) {
    fail(
      `metric '${metric.name}' does not take per-sample predictions; evaluateModel cannot feed it`,
      ['metrics'],
    );
  }
  const shape = metric.input.shape as Record<string, z.ZodType>;
  const all = new Set(Object.keys(shape));
  const required = new Set(
    [...all].filter((k) => !(shape[k] as z.ZodType).safeParse(undefined).success),
  );
  return { required, all };
}

function paramKeys(metric: MetricDefinition): Set<string> {
  return new Set(metric.params instanceof z.ZodObject ? Object.keys(metric.params.shape) : []);
}

export function chooseFeatures(
  model: Model,
  table: DataTable,
  target: string,
  given?: readonly string[],
): string[] {
  const width = model.inputSchema.features.length;
  let names: string[];
  let how: string;
  if (given !== undefined) {
    names = [...given];
    how = 'features has';
    const seen = new Set<string>();
    names.forEach((name, j) => {
      if (!table.columns.includes(name)) {
        fail(
          `features[${j}] is '${name}', which is not a column; columns: ${table.columns.join(', ')}`,
          ['features', j],
        );
      }
      if (name === target) fail(`features[${j}] is the target '${target}'`, ['features', j]);
      if (seen.has(name)) fail(`features lists '${name}' twice`, ['features', j]);
      seen.add(name);
    });
  } else {
    const modelNames = model.inputSchema.features.map((f) => f.name);
    // Matched by name, as predictions match named rows: any column order, extra columns allowed.
    if (
      !modelNames.includes(target) &&
      findFeatureColumns(modelNames, table.columns).missing.length === 0
    ) {
      names = modelNames;
      how = "the model's feature names are";
    } else {
      names = table.columns.filter((c) => c !== target);
      how = `every column but the target '${target}' makes`;
    }
  }
  if (names.length !== width) {
    fail(
      `the model takes ${width} feature${width === 1 ? '' : 's'} but ${how} ${names.length}; pass features to choose the model's columns`,
      ['features'],
    );
  }
  return names;
}

export function featureMatrix(
  table: DataTable,
  names: readonly string[],
  rawValue?: Model['rawValue'],
): Matrix {
  const rows = table.rows;
  const cols = names.length;
  const data = new Float64Array(rows * cols);
  names.forEach((name, j) => {
    const column = table.column(name);
    if (rawValue !== undefined) {
      // The model codes its raw columns itself (text, dates, gaps): see Model.rawValue.
      for (let i = 0; i < rows; i++) data[i * cols + j] = rawValue(j, column.values[i]);
      return;
    }
    if (column.kind !== 'numeric') {
      fail(`feature '${name}' is a label column; models take numeric features (encode it first)`, [
        'features',
        j,
      ]);
    }
    const values = column.values;
    for (let i = 0; i < rows; i++) {
      const v = values[i] as number;
      if (!Number.isFinite(v)) {
        fail(`feature '${name}' has a missing value in row ${i + 1}; models need every feature`, [
          'table',
          name,
          i,
        ]);
      }
      data[i * cols + j] = v;
    }
  });
  return { rows, cols, data };
}

/** True labels as the model's class labels (matched by their text: 1 ↔ "1"). */
export function targetLabels(column: TableColumn, classes: readonly Label[]): Label[] {
  const byText = new Map<string, Label>(classes.map((c) => [String(c), c]));
  const out = new Array<Label>(column.values.length);
  for (let i = 0; i < column.values.length; i++) {
    const raw = column.values[i] as number | string;
    if (raw === '' || (typeof raw === 'number' && Number.isNaN(raw))) {
      fail(`target '${column.name}' has a missing value in row ${i + 1}`, ['target']);
    }
    const label = byText.get(String(raw));
    if (label === undefined) {
      fail(
        `target '${column.name}' has the label ${JSON.stringify(raw)} (row ${i + 1}), which is not one of the model's classes ${JSON.stringify(classes)}`,
        ['target'],
      );
    }
    out[i] = label;
  }
  return out;
}

export function prepare(
  model: Model,
  target: TableColumn,
  scores: Float64Array,
  predicted: Label[] | undefined,
): Prepared {
  const { output } = model;
  const n = target.values.length;
  if (output.kind === 'regression') {
    if (output.nOutputs !== 1) {
      fail(
        `the model has ${output.nOutputs} outputs; evaluateModel scores single-output regressors`,
        ['model'],
      );
    }
    if (target.kind !== 'numeric') {
      fail(
        `target '${target.name}' is a label column but the model is a regressor; a regression target is numeric`,
        ['target'],
      );
    }
    const yTrue = Array.from(target.values);
    const missing = yTrue.findIndex((v) => Number.isNaN(v));
    if (missing >= 0)
      fail(`target '${target.name}' has a missing value in row ${missing + 1}`, ['target']);
    return { task: 'regression', yTrue, yPred: Array.from(scores) };
  }
  const classes = [...output.classes];
  const yTrue = targetLabels(target, classes);
  const k = classes.length;
  const sorted = [...classes].sort(compareLabels);
  const known = new Set<Label>(classes);
  let yPred: Label[];
  if (predicted !== undefined) {
    const bad = predicted.findIndex((label) => !known.has(label));
    if (bad >= 0) {
      throw new Error(
        `model ${model.kind} predicted ${JSON.stringify(predicted[bad])} (row ${bad + 1}), which is not one of its classes ${JSON.stringify(classes)}`,
      );
    }
    yPred = predicted;
  } else {
    yPred = argmaxClasses(model, scores, n);
  }
  if (k === 2) {
    const pPositive =
      output.kind === 'probability'
        ? Array.from(scores)
        : Array.from({ length: n }, (_, i) => scores[i * 2 + 1] as number);
    return { task: 'binary', classes, yTrue, yPred, pPositive, rowsSorted: undefined, sorted };
  }
  const order = sorted.map((label) => classes.indexOf(label));
  const rowsSorted = Array.from({ length: n }, (_, i) =>
    order.map((c) => scores[i * k + c] as number),
  );
  return { task: 'multiclass', classes, yTrue, yPred, pPositive: undefined, rowsSorted, sorted };
}

function summarize(prepared: Prepared): PredictionSummary {
  if (prepared.task === 'regression') {
    const y = prepared.yPred;
    let sum = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const v of y) {
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const mean = sum / y.length;
    let ss = 0;
    for (const v of y) ss += (v - mean) ** 2;
    return { task: 'regression', mean, std: Math.sqrt(ss / y.length), min, max };
  }
  const { classes, yTrue, yPred, pPositive, rowsSorted, sorted } = prepared;
  const n = yTrue.length;
  const classSummaries: ClassSummary[] = classes.map((label, c) => {
    let probability = 0;
    if (pPositive !== undefined) {
      for (const p of pPositive) probability += c === 1 ? p : 1 - p;
    } else if (rowsSorted !== undefined) {
      const s = sorted.indexOf(label);
      for (const row of rowsSorted) probability += row[s] as number;
    }
    return {
      label,
      actual: yTrue.filter((y) => y === label).length,
      predicted: yPred.filter((y) => y === label).length,
      meanProbability: probability / n,
    };
  });
  return { task: prepared.task, classes: classSummaries };
}

export interface PlannedMetric {
  metric: MetricDefinition;
  input: Record<string, unknown>;
  params: Record<string, unknown>;
}

/**
 * The metric called `request.name`, checked against the model before anything is predicted:
 * its family fits the model and `inputs` names fields it has.
 */
function fittingMetric(
  request: EvaluateModelOptions['metrics'][number],
  index: number,
  regressor: boolean,
): MetricDefinition {
  const metric = getMetric(request.name);
  const path = ['metrics', index];
  const { family, name } = metric;
  if (family !== 'classification' && family !== 'regression' && family !== 'bias') {
    fail(
      `metric '${name}' (${family}) does not score one model's predictions on a table; evaluateModel computes classification, regression and bias metrics`,
      [...path, 'name'],
    );
  }
  if (family === 'classification' && regressor)
    fail(`metric '${name}' is a classification metric but the model is a regressor`, [
      ...path,
      'name',
    ]);
  if (family === 'regression' && !regressor)
    fail(`metric '${name}' is a regression metric but the model is a classifier`, [
      ...path,
      'name',
    ]);
  const { all } = inputFields(metric);
  for (const field of Object.keys(request.inputs ?? {})) {
    if (!all.has(field)) {
      fail(
        `metric '${name}' has no input field '${field}'; its fields are ${[...all].join(', ')}`,
        [...path, 'inputs', field],
      );
    }
    if ((PREDICTION_FIELDS as readonly string[]).includes(field)) {
      fail(`${field} comes from the predictions and the target; it cannot be mapped to a column`, [
        ...path,
        'inputs',
        field,
      ]);
    }
  }
  return metric;
}

/** Builds a metric's input and params from the predictions (and the columns it maps). */
export function plan(
  request: EvaluateModelOptions['metrics'][number],
  index: number,
  prepared: Prepared,
  table: DataTable,
): PlannedMetric {
  const classifier = prepared.task !== 'regression';
  const metric = fittingMetric(request, index, !classifier);
  const path = ['metrics', index];
  const { name } = metric;
  const { required, all } = inputFields(metric);
  const known = paramKeys(metric);
  const params: Record<string, unknown> = { ...(request.params ?? {}) };
  const input: Record<string, unknown> = {};
  for (const [field, columnName] of Object.entries(request.inputs ?? {})) {
    input[field] = Array.from(table.column(columnName).values as ArrayLike<number | string>);
  }
  if (all.has('yTrue')) input.yTrue = prepared.yTrue;
  if (all.has('yPred')) input.yPred = prepared.yPred;
  if (prepared.task === 'binary' && (all.has('yScore') || all.has('yProb'))) {
    const { classes, pPositive, sorted } = prepared;
    let positive: Label;
    if (known.has('posLabel')) {
      params.posLabel ??= classes[1];
      positive = params.posLabel as Label;
      if (!classes.includes(positive)) {
        fail(
          `posLabel ${JSON.stringify(positive)} is not one of the model's classes ${JSON.stringify(classes)}`,
          [...path, 'params', 'posLabel'],
        );
      }
    } else {
      // no posLabel: a 1-D score is read as P(the greater sorted label), as scikit-learn does
      positive = sorted[1] as Label;
      if (known.has('labels')) params.labels ??= sorted;
    }
    const scores =
      positive === classes[1] ? (pPositive as number[]) : (pPositive as number[]).map((p) => 1 - p);
    input[all.has('yScore') ? 'yScore' : 'yProb'] = scores;
  } else if (prepared.task === 'binary' && known.has('posLabel')) {
    params.posLabel ??= prepared.classes[1];
  } else if (prepared.task === 'multiclass' && all.has('yScore')) {
    input.yScore = prepared.rowsSorted;
    if (known.has('labels')) params.labels ??= prepared.sorted;
    if (known.has('multiClass')) params.multiClass ??= 'ovr';
  } else if (prepared.task === 'multiclass' && all.has('yProb')) {
    fail(
      `metric '${name}' needs binary probabilities but the model has ${prepared.classes.length} classes`,
      [...path, 'name'],
    );
  }
  const missing = [...required].filter((field) => input[field] === undefined);
  if (missing.length > 0) {
    fail(
      `metric '${name}' needs ${missing.join(', ')}, which ${classifier ? 'a classifier' : 'a regressor'}'s predictions do not give; map ${missing.length === 1 ? 'it' : 'them'} to columns with inputs`,
      [...path, 'inputs'],
    );
  }
  return { metric, input, params };
}

export function checkConfidence(confidence: EvaluateModelOptions['confidence']) {
  if (confidence === undefined) return undefined;
  const { level = 0.95, nResamples = 1000, seed = 0 } = confidence;
  if (!(level > 0 && level < 1))
    fail(`confidence.level is ${level}; expected a number in (0, 1)`, ['confidence', 'level']);
  if (!(Number.isInteger(nResamples) && nResamples >= 1 && nResamples <= 100_000)) {
    fail(`confidence.nResamples is ${nResamples}; expected an integer in [1, 100000]`, [
      'confidence',
      'nResamples',
    ]);
  }
  if (!Number.isInteger(seed))
    fail(`confidence.seed is ${seed}; expected an integer`, ['confidence', 'seed']);
  return { level, nResamples, seed };
}

/** Prefixes a metric's InvalidInputError with its name and its place in the request. */
export function located<T>(name: string, index: number, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    throw new InvalidInputError(
      `metric '${name}': ${error.message}`,
      error.issues.map((issue) => ({ ...issue, path: ['metrics', index, ...issue.path] })),
    );
  }
}

/**
 * The model as {@link predictBatches} sees it when progress or cancellation is asked for: each
 * batch first checks the signal, then reports the rows predicted so far. `Object.create` keeps
 * the model's own methods and `this`.
 */
export function tracked(
  model: Model,
  rows: number,
  share: number,
  signal: AbortSignal | undefined,
  onProgress: EvaluateModelOptions['onProgress'],
  /** Share of the work already done before this model's predictions (compareModels). */
  offset = 0,
  /** Prefix of the progress message (which model). */
  label = '',
): Model {
  if (signal === undefined && onProgress === undefined) return model;
  let done = 0;
  const wrapper = Object.create(model) as Model;
  wrapper.predict = async (batch) => {
    signal?.throwIfAborted();
    const out = await model.predict(batch);
    done += batch.rows;
    await onProgress?.({
      fraction: offset + (share * done) / rows,
      message: `${label}predicting: ${done} of ${rows} rows`,
    });
    return out;
  };
  return wrapper;
}

/**
 * Evaluates a model on a table: predicts every row once (in batches of the model's
 * `preferredBatchRows`), then computes each requested metric through `computeMetric`, with a
 * seeded percentile-bootstrap interval (the registered `bootstrap`) when `confidence` is given.
 *
 * What each metric receives is read from its registered input schema:
 * - classifiers: `yTrue` = the target's labels, which must be the model's classes (matched by
 *   their text, so a numeric column of 0/1 matches classes `[0, 1]` and `["0", "1"]`); `yPred` =
 *   the predicted classes (`predictClasses` when the model has it, else the argmax of the
 *   probabilities, ties to the first class); `yScore` / `yProb` = for binary models
 *   P(positive class) — the metric's `posLabel`, which defaults to the model's `classes[1]`, or,
 *   for metrics without `posLabel` (`logLoss`), the greater sorted label — and for multiclass
 *   models the probability rows with their columns in sorted-label order (`labels` defaults to the
 *   sorted classes and `multiClass` to `'ovr'`);
 * - regressors (one output): `yTrue` = the numeric target, `yPred` = the predictions;
 * - any other field (`sensitive`, `sampleWeight`) from the column the request's `inputs` names.
 *
 * Features default to the model's feature names when the table has every one of them, else to
 * every column but the target in table order; there must be as many as the model's inputs, all
 * numeric and without missing values. Rows in messages count data rows from 1.
 *
 * @example await evaluateModel({ model, table, target: 'diagnosis',
 *   metrics: [{ name: 'accuracy' }, { name: 'rocAuc' }],
 *   confidence: { level: 0.95, nResamples: 1000, seed: 0 } })
 * // → { task: 'binary', rows: 569, metrics: [{ name: 'accuracy', value: 0.903…, confidenceInterval: { low, high, … } }, …], … }
 * @throws InvalidInputError when a metric is not a registered classification, regression or bias
 * metric (its message lists the known ones: see {@link checkEvaluationRequest}), the table has no
 * rows, the target, a feature or a mapped column is not a column,
 * a feature is a label column or has a missing value, the number of features differs from the
 * model's, a target label is not one of the model's classes, a metric does not fit the model
 * (a regression metric for a classifier, a ranking metric, a field nothing provides), the
 * confidence options are out of range, or a metric refuses its input (the message starts with
 * `metric '<name>':`, e.g. ROC AUC when the target holds one class).
 */
export async function evaluateModel(options: EvaluateModelOptions): Promise<ModelEvaluation> {
  const started = performance.now();
  const { model, table, target, metrics } = options;
  if (table.rows === 0) fail('the table has no rows; at least one is required', ['table']);
  if (metrics.length === 0) fail('metrics is empty; ask for at least one metric', ['metrics']);
  const confidence = checkConfidence(options.confidence);
  checkEvaluationRequest(options, table.columns);
  const targetColumn = table.column(target);
  const features = chooseFeatures(model, table, target, options.features);
  const batchRows = options.batchRows ?? model.preferredBatchRows ?? DEFAULT_BATCH_ROWS;
  if (!(Number.isInteger(batchRows) && batchRows >= 1))
    fail(`batchRows is ${batchRows}; expected an integer ≥ 1`, ['batchRows']);
  // check every metric's name, family and inputs before the (possibly slow) predictions
  metrics.forEach((request, i) => {
    fittingMetric(request, i, model.output.kind === 'regression');
    for (const column of Object.values(request.inputs ?? {})) table.column(column);
  });
  const x = featureMatrix(table, features, model.rawValue?.bind(model));
  const { signal, onProgress } = options;
  signal?.throwIfAborted();
  // Bootstrap intervals (1,000 resamples a metric by default) outweigh predicting.
  const predictShare = confidence === undefined ? 0.9 : 0.3;
  const predicted = await predictBatches(
    tracked(model, x.rows, predictShare, signal, onProgress),
    x,
    batchRows,
  );
  const prepared = prepare(model, targetColumn, predicted.scores, predicted.classes);
  const metricsStarted = performance.now();
  const evaluated: EvaluatedMetric[] = [];
  for (const [i, request] of metrics.entries()) {
    signal?.throwIfAborted();
    await onProgress?.({
      fraction: predictShare + ((1 - predictShare) * i) / metrics.length,
      message: `metric ${i + 1} of ${metrics.length}: ${request.name}`,
    });
    const { input, params } = plan(request, i, prepared, table);
    const result: MetricResult = located(request.name, i, () =>
      computeMetric(request.name, input, params),
    );
    const value = typeof result.value === 'number' ? result.value : null;
    let confidenceInterval: EvaluationInterval | undefined;
    if (confidence !== undefined && value !== null) {
      const boot = located(
        request.name,
        i,
        () =>
          computeMetric(
            'bootstrap',
            { metric: request.name, input, params },
            {
              nResamples: confidence.nResamples,
              confidenceLevel: confidence.level,
              seed: confidence.seed,
              field: 'value',
            },
          ) as BootstrapResult,
      );
      confidenceInterval = {
        low: boot.low,
        high: boot.high,
        level: boot.confidenceLevel,
        nResamples: boot.nResamples,
        skipped: boot.skipped,
        seed: boot.seed,
        method: boot.method,
      };
    }
    const parts = [
      `metric:${request.name}`,
      `params:${canonical(params)}`,
      `model:${model.kind}`,
      `target:${target}`,
      `n:${table.rows}`,
    ];
    if (confidenceInterval !== undefined) {
      parts.push(
        'ci:percentile',
        `level:${confidenceInterval.level}`,
        `resamples:${confidenceInterval.nResamples}`,
        `seed:${confidenceInterval.seed}`,
      );
    }
    parts.push(`version:${EVALUATION_SIGNATURE_VERSION}`);
    evaluated.push({
      name: request.name,
      params,
      value,
      result,
      signature: parts.join('|'),
      ...(confidenceInterval === undefined ? {} : { confidenceInterval }),
    });
  }
  await onProgress?.({ fraction: 1, message: 'done' });
  const finished = performance.now();
  return {
    task: prepared.task,
    model: model.kind,
    target,
    features,
    rows: table.rows,
    predictions: summarize(prepared),
    metrics: evaluated,
    timing: {
      totalMs: finished - started,
      predictMs: predicted.ms,
      metricsMs: finished - metricsStarted,
      modelCalls: predicted.calls,
    },
  };
}
