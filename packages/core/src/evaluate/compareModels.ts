import { InvalidInputError } from '../errors/index.js';
import { compareLabels, type Label } from '../labels/index.js';
import { predictBatches } from '../models/predictBatches.js';
import type { Model } from '../models/types.js';
import { checkComparisonRequest, compareOne, parseComparison } from './comparePredictions.js';
import type {
  CompareModelsOptions,
  ComparisonReport,
  TComparePredictionsInput,
} from './compareTypes.js';
import {
  chooseFeatures,
  DEFAULT_BATCH_ROWS,
  featureMatrix,
  type Prepared,
  prepare,
  tracked,
} from './evaluateModel.js';

function fail(message: string, path: (string | number)[]): never {
  throw new InvalidInputError(message, [{ path, message }]);
}

function sameClasses(a: readonly Label[], b: readonly Label[]): boolean {
  const x = [...a].sort(compareLabels);
  const y = [...b].sort(compareLabels);
  return x.length === y.length && x.every((label, i) => label === y[i]);
}

/** Both models' predictions as comparePredictions takes them (the candidate's classes order). */
function toComparison(
  candidate: Prepared,
  baseline: Prepared,
  options: CompareModelsOptions,
): TComparePredictionsInput {
  const common = {
    metrics: options.metrics as TComparePredictionsInput['metrics'],
    ...(options.confidence === undefined ? {} : { confidence: options.confidence }),
    ...(options.alpha === undefined ? {} : { alpha: options.alpha }),
  };
  if (candidate.task === 'regression' || baseline.task === 'regression') {
    if (candidate.task !== baseline.task)
      fail(
        `the candidate is ${candidate.task === 'regression' ? 'a regressor' : 'a classifier'} but the baseline is not; compare models of one kind`,
        ['baseline'],
      );
    return {
      yTrue: candidate.yTrue as number[],
      candidate: { yPred: candidate.yPred as number[] },
      baseline: { yPred: (baseline as typeof candidate).yPred as number[] },
      task: 'regression',
      ...common,
    };
  }
  if (!sameClasses(candidate.classes, baseline.classes))
    fail(
      `the candidate's classes ${JSON.stringify(candidate.classes)} differ from the baseline's ${JSON.stringify(baseline.classes)}`,
      ['baseline'],
    );
  const labels = candidate.yTrue as number[] | string[];
  if (candidate.task === 'binary') {
    const pc = candidate.pPositive as number[];
    // the baseline's P(its classes[1]) read as P(the candidate's classes[1])
    const flip = baseline.classes[1] !== candidate.classes[1];
    const pb = (baseline.pPositive as number[]).map((q) => (flip ? 1 - q : q));
    return {
      yTrue: labels,
      candidate: { yPred: candidate.yPred as number[] | string[], yScore: pc },
      baseline: { yPred: baseline.yPred as number[] | string[], yScore: pb },
      task: 'binary',
      classes: candidate.classes,
      ...common,
    };
  }
  // multiclass: prepare() gives both models' rows with columns in sorted-label order
  return {
    yTrue: labels,
    candidate: {
      yPred: candidate.yPred as number[] | string[],
      yScore: candidate.rowsSorted as number[][],
    },
    baseline: {
      yPred: baseline.yPred as number[] | string[],
      yScore: baseline.rowsSorted as number[][],
    },
    task: 'multiclass',
    classes: candidate.sorted,
    ...common,
  };
}

/**
 * Compares a candidate and a baseline model on the same table: predicts every row with both
 * (each in batches of its `preferredBatchRows`, each on the features it takes — `features` when
 * given, else chosen per model as `evaluateModel` chooses them), then compares the predictions
 * with {@link comparePredictions} (per metric: both values, the delta, a paired bootstrap interval
 * and the paired test that fits). The true labels are read as `evaluateModel` reads them, and the
 * two models must be of one kind (both regressors, or classifiers of the same classes).
 *
 * Progress and cancellation as `evaluateModel`: predicting counts for 30 % of the work (15 % per
 * model), each metric for an equal share of the rest; `signal` stops it at the next batch or
 * metric, and the call then rejects with `signal.reason`.
 *
 * @example await compareModels({ candidate, baseline, table, target: 'diagnosis',
 *   metrics: ['accuracy', 'rocAuc'], confidence: { seed: 0 } })
 * @throws InvalidInputError as `evaluateModel` (table, target, features) and as
 * `comparePredictions` (metrics, confidence, alpha), or when the models differ in kind or classes.
 */
export async function compareModels(options: CompareModelsOptions): Promise<ComparisonReport> {
  const started = performance.now();
  const { table, target, signal, onProgress } = options;
  if (table.rows === 0) fail('the table has no rows; at least one is required', ['table']);
  if (options.metrics.length === 0)
    fail('metrics is empty; ask for at least one metric', ['metrics']);
  if (!table.columns.includes(target))
    fail(`target '${target}' is not a column; columns: ${table.columns.join(', ')}`, ['target']);
  // metric names, confidence and alpha before the (possibly slow) predictions
  checkComparisonRequest({
    metrics: options.metrics as TComparePredictionsInput['metrics'],
    ...(options.confidence === undefined ? {} : { confidence: options.confidence }),
    ...(options.alpha === undefined ? {} : { alpha: options.alpha }),
  });
  const targetColumn = table.column(target);
  const share = 0.15;
  const predicted: { prepared: Prepared; ms: number; calls: number }[] = [];
  for (const [k, side] of (['candidate', 'baseline'] as const).entries()) {
    const model: Model = options[side];
    const features = chooseFeatures(model, table, target, options.features);
    const batchRows = options.batchRows ?? model.preferredBatchRows ?? DEFAULT_BATCH_ROWS;
    if (!(Number.isInteger(batchRows) && batchRows >= 1))
      fail(`batchRows is ${batchRows}; expected an integer ≥ 1`, ['batchRows']);
    const x = featureMatrix(table, features, model.rawValue?.bind(model));
    signal?.throwIfAborted();
    const out = await predictBatches(
      tracked(model, x.rows, share, signal, onProgress, k * share, `${side}: `),
      x,
      batchRows,
    );
    predicted.push({
      prepared: prepare(model, targetColumn, out.scores, out.classes),
      ms: out.ms,
      calls: out.calls,
    });
  }
  const [c, b] = predicted as [(typeof predicted)[0], (typeof predicted)[0]];
  const parsed = parseComparison(toComparison(c.prepared, b.prepared, options));
  const metricsStarted = performance.now();
  const metrics = [];
  for (let i = 0; i < parsed.requests.length; i++) {
    signal?.throwIfAborted();
    await onProgress?.({
      fraction: 2 * share + ((1 - 2 * share) * i) / parsed.requests.length,
      message: `metric ${i + 1} of ${parsed.requests.length}: ${parsed.requests[i]?.name}`,
    });
    metrics.push(compareOne(parsed, i, options.candidate.kind, options.baseline.kind));
  }
  await onProgress?.({ fraction: 1, message: 'done' });
  const finished = performance.now();
  return {
    task: parsed.task,
    n: parsed.yTrue.length,
    alpha: parsed.alpha,
    candidate: options.candidate.kind,
    baseline: options.baseline.kind,
    metrics,
    timing: {
      totalMs: finished - started,
      predictMs: c.ms + b.ms,
      metricsMs: finished - metricsStarted,
      modelCalls: c.calls + b.calls,
    },
  };
}
