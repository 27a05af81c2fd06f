import { createDataTable } from '../../data/createDataTable.js';
import type { DataTable, TableColumn } from '../../data/types.js';
import { InvalidInputError } from '../../errors/index.js';
import type { Label } from '../../labels/index.js';
import { predictBatches } from '../../models/predictBatches.js';
import { checkEvaluationRequest } from '../checkEvaluationRequest.js';
import {
  chooseFeatures,
  DEFAULT_BATCH_ROWS,
  featureMatrix,
  type Prepared,
  plan,
  prepare,
  tracked,
} from '../evaluateModel.js';
import { checkShardableRequest, SUMMED_SHARD_METRICS } from './checkShardableRequest.js';
import { addProductToExpansion, addToExpansion, type Expansion } from './exactSum.js';
import type {
  EvaluateShardOptions,
  EvaluationShardState,
  MetricShardState,
  RowRange,
  SummaryShardState,
} from './types.js';

function fail(message: string, path: (string | number)[]): never {
  throw new InvalidInputError(message, [{ path, message }]);
}

/** Checks `range` against a table of `rows` rows. */
export function checkRowRange(range: RowRange, rows: number): void {
  const { start, end } = range;
  if (
    !(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= rows)
  ) {
    fail(
      `rowRange is [${start}, ${end}); expected integers with 0 ≤ start ≤ end ≤ ${rows} (the table's rows)`,
      ['rowRange'],
    );
  }
}

/** The rows `[start, end)` of a table, as a table (numeric columns are views, not copies). */
export function sliceTable(table: DataTable, range: RowRange): DataTable {
  checkRowRange(range, table.rows);
  const columns: TableColumn[] = table.columns.map((name) => {
    const column = table.column(name);
    return column.kind === 'numeric'
      ? { name, kind: 'numeric', values: column.values.subarray(range.start, range.end) }
      : { name, kind: 'label', values: column.values.slice(range.start, range.end) };
  });
  return createDataTable(columns);
}

/** A tuple member as its JSON text would compare it: non-finite numbers and undefined are null. */
function canonical(value: unknown): unknown {
  if (value === undefined) return null;
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

type CountTree = Map<unknown, CountTree | [unknown[], number]>;

/**
 * The distinct per-row tuples of `input`'s fields (sorted by name) with their counts, in order of
 * first appearance. Tuples are told apart as their JSON texts would be (the state is stored as
 * JSON), through one nested map level per field: no string is built per row, which on millions of
 * rows cost several times the prediction.
 */
function countedState(input: Record<string, unknown>): MetricShardState {
  const fields = Object.keys(input).sort();
  const columns = fields.map((f) => input[f] as ArrayLike<unknown>);
  const n = columns[0]?.length ?? 0;
  const last = columns.length - 1;
  const root: CountTree = new Map();
  const tuples: [unknown[], number][] = [];
  for (let i = 0; i < n; i++) {
    let node = root;
    for (let j = 0; j < last; j++) {
      const key = canonical((columns[j] as ArrayLike<unknown>)[i]);
      let next = node.get(key) as CountTree | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(key, next);
      }
      node = next;
    }
    const key = canonical((columns[last] as ArrayLike<unknown>)[i]);
    const seen = node.get(key) as [unknown[], number] | undefined;
    if (seen === undefined) {
      const entry: [unknown[], number] = [columns.map((c) => c[i]), 1];
      tuples.push(entry);
      node.set(key, entry);
    } else seen[1]++;
  }
  return { kind: 'counts', fields, tuples };
}

function summedState(yTrue: readonly number[], yPred: readonly number[]): MetricShardState {
  const absError: Expansion = [];
  const squaredError: Expansion = [];
  const error: Expansion = [];
  const errorSquares: Expansion = [];
  const absPercentError: Expansion = [];
  const sumTrue: Expansion = [];
  const sumTrueSquares: Expansion = [];
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i] as number;
    const p = yPred[i] as number;
    // the same per-row terms as mae (|ŷ − y|), mse / r2 ((y − ŷ)²), explained variance (y − ŷ)
    // and mape (|ŷ − y| / max(|y|, ε)): only their sum differs
    addToExpansion(absError, Math.abs(p - t));
    addToExpansion(squaredError, (t - p) ** 2);
    const d = t - p;
    addToExpansion(error, d);
    addProductToExpansion(errorSquares, d, d);
    addToExpansion(absPercentError, Math.abs(p - t) / Math.max(Math.abs(t), Number.EPSILON));
    addToExpansion(sumTrue, t);
    addProductToExpansion(sumTrueSquares, t, t);
  }
  return {
    kind: 'sums',
    n: yTrue.length,
    absError,
    squaredError,
    error,
    errorSquares,
    absPercentError,
    sumTrue,
    sumTrueSquares,
  };
}

/** The mergeable parts of `evaluateModel`'s prediction summary. */
export function summaryState(prepared: Prepared): SummaryShardState {
  if (prepared.task === 'regression') {
    const sum: Expansion = [];
    const sumSquares: Expansion = [];
    let min: number | null = null;
    let max: number | null = null;
    for (const v of prepared.yPred) {
      addToExpansion(sum, v);
      addProductToExpansion(sumSquares, v, v);
      if (min === null || v < min) min = v;
      if (max === null || v > max) max = v;
    }
    return { task: 'regression', n: prepared.yPred.length, sum, sumSquares, min, max };
  }
  const { classes, yTrue, yPred, pPositive, rowsSorted, sorted } = prepared;
  return {
    task: prepared.task,
    classes,
    actual: classes.map((label) => yTrue.filter((y) => y === label).length),
    predicted: classes.map((label) => yPred.filter((y) => y === label).length),
    probability: classes.map((label, c) => {
      const acc: Expansion = [];
      if (pPositive !== undefined) {
        for (const p of pPositive) addToExpansion(acc, c === 1 ? p : 1 - p);
      } else if (rowsSorted !== undefined) {
        const s = sorted.indexOf(label);
        for (const row of rowsSorted) addToExpansion(acc, row[s] as number);
      }
      return acc;
    }),
  };
}

/**
 * Predicts the rows `rowRange` of `table` and returns their mergeable statistics for each metric
 * (see {@link MetricShardState}) and for the prediction summary: one shard of a sharded batch
 * test. Every shard of one test must get the same model, table columns, target, features and
 * metrics; {@link mergeShardStates} checks that they agree.
 *
 * The request is checked as `evaluateModel` checks it (on the whole table), and then by
 * {@link checkShardableRequest}. An empty range is allowed (its state merges as nothing).
 *
 * @example const parts = await Promise.all([[0, 500], [500, 1000]].map(([start, end]) =>
 *   evaluateShard({ model, table, rowRange: { start, end }, target: 'y', metrics })));
 * finishShardedEvaluation(parts) // → the report evaluateModel gives on rows 0 … 999, without intervals
 * @throws InvalidInputError as `evaluateModel` does, when `rowRange` is outside the table, or when
 * a metric cannot be merged
 */
export async function evaluateShard(options: EvaluateShardOptions): Promise<EvaluationShardState> {
  const started = performance.now();
  const { model, table, target, metrics, rowRange } = options;
  if (metrics.length === 0) fail('metrics is empty; ask for at least one metric', ['metrics']);
  checkShardableRequest({ metrics });
  checkEvaluationRequest({ target, features: options.features, metrics }, table.columns);
  checkRowRange(rowRange, table.rows);
  const features = chooseFeatures(model, table, target, options.features);
  const batchRows = options.batchRows ?? model.preferredBatchRows ?? DEFAULT_BATCH_ROWS;
  if (!(Number.isInteger(batchRows) && batchRows >= 1))
    fail(`batchRows is ${batchRows}; expected an integer ≥ 1`, ['batchRows']);
  const part = sliceTable(table, rowRange);
  const x = featureMatrix(part, features, model.rawValue?.bind(model));
  const { signal, onProgress } = options;
  signal?.throwIfAborted();
  let scores: Float64Array = new Float64Array(0);
  let classes: Label[] | undefined;
  let predictMs = 0;
  let modelCalls = 0;
  if (x.rows > 0) {
    const predicted = await predictBatches(
      tracked(model, x.rows, 0.95, signal, onProgress),
      x,
      batchRows,
    );
    scores = predicted.scores;
    classes = predicted.classes;
    predictMs = predicted.ms;
    modelCalls = predicted.calls;
  }
  const prepared = prepare(model, part.column(target), scores, classes);
  const states = metrics.map((request, i) => {
    const { metric, input, params } = plan(request, i, prepared, part);
    const state: MetricShardState = (SUMMED_SHARD_METRICS as readonly string[]).includes(
      metric.name,
    )
      ? summedState(input.yTrue as number[], input.yPred as number[])
      : countedState(input);
    return { name: metric.name, params, state };
  });
  await onProgress?.({ fraction: 1, message: 'done' });
  return {
    format: 'assay.evaluation-shard.v1',
    task: prepared.task,
    model: model.kind,
    target,
    features,
    rows: part.rows,
    summary: summaryState(prepared),
    metrics: states,
    timing: { totalMs: performance.now() - started, predictMs, modelCalls },
  };
}
