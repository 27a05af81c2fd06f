import type { DataTable } from '../data/types.js';
import { InvalidInputError } from '../errors/index.js';
import { compareLabels, type Label } from '../labels/index.js';
import type { AutoMlTask } from './learners/types.js';

/** The target of a run: rows that have one, the task, and the classes of a classifier. */
export interface PreparedTarget {
  readonly task: AutoMlTask;
  /** Indices (in the table) of the rows with a target value; the others are left out. */
  readonly rows: Int32Array;
  /** Class indices (classification) or values (regression), one per kept row. */
  readonly y: Float64Array;
  /** Classification: the classes, sorted; index k of `y` is `classes[k]`. */
  readonly classes: readonly Label[];
  readonly missing: number;
}

function fail(message: string, path: (string | number)[]): never {
  throw new InvalidInputError(message, [{ path, message }]);
}

/** A numeric target with at most this many distinct integer values is taken as classes. */
const MAX_INTEGER_CLASSES = 20;

/**
 * Reads the target column: drops rows without a value, detects the task when not given (text or
 * boolean → classification; numbers → classification when they are at most 20 distinct
 * integers, else regression; two classes → binary) and codes classes as indices of their sorted
 * labels.
 * @throws InvalidInputError when the target is not a column, the task does not fit the column
 * (regression on text), or fewer than two classes or rows remain.
 */
export function prepareTarget(table: DataTable, target: string, task?: AutoMlTask): PreparedTarget {
  if (!table.columns.includes(target)) {
    fail(`target '${target}' is not a column; columns: ${table.columns.join(', ')}`, ['target']);
  }
  const column = table.column(target);
  const kept: number[] = [];
  const raw: (number | string)[] = [];
  for (let i = 0; i < table.rows; i++) {
    const v = column.values[i] as number | string;
    if (v === '' || (typeof v === 'number' && Number.isNaN(v))) continue;
    kept.push(i);
    raw.push(v);
  }
  if (kept.length < 2)
    fail(`target '${target}' has ${kept.length} values; AutoML needs at least 2 rows`, ['target']);
  const distinct = [...new Set(raw)];
  let resolved = task;
  if (resolved === undefined) {
    const classes =
      column.kind === 'label' ||
      (distinct.length <= MAX_INTEGER_CLASSES && distinct.every((v) => Number.isInteger(v)));
    resolved = classes ? (distinct.length === 2 ? 'binary' : 'multiclass') : 'regression';
  }
  if (resolved === 'regression') {
    if (column.kind !== 'numeric') {
      fail(
        `target '${target}' holds text; a regression target must be numeric (or use task 'binary' / 'multiclass')`,
        ['task'],
      );
    }
    return {
      task: resolved,
      rows: Int32Array.from(kept),
      y: Float64Array.from(raw as number[]),
      classes: [],
      missing: table.rows - kept.length,
    };
  }
  if (distinct.length < 2)
    fail(
      `target '${target}' has one class (${JSON.stringify(distinct[0])}); classification needs two`,
      ['target'],
    );
  if (resolved === 'binary' && distinct.length !== 2) {
    fail(
      `task is 'binary' but target '${target}' has ${distinct.length} classes; use 'multiclass'`,
      ['task'],
    );
  }
  if (resolved === 'multiclass' && distinct.length === 2) {
    fail(`task is 'multiclass' but target '${target}' has 2 classes; use 'binary'`, ['task']);
  }
  const classes = (distinct as Label[]).slice().sort(compareLabels);
  const index = new Map<Label, number>(classes.map((c, k) => [c, k]));
  return {
    task: resolved,
    rows: Int32Array.from(kept),
    y: Float64Array.from(raw, (v) => index.get(v) as number),
    classes,
    missing: table.rows - kept.length,
  };
}
