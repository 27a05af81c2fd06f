import { InvalidInputError } from '../errors/index.js';

/**
 * A dense row-major matrix of float64 values: element (i, j) is `data[i * cols + j]`. Explainers
 * and model adapters work on this shape so that a batch of rows costs one allocation.
 */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** Either nested arrays (`rows × features`, as JSON carries them) or a {@link Matrix}. */
export type MatrixLike = Matrix | readonly (readonly number[])[];

/** True for a {@link Matrix} whose `data` has exactly `rows × cols` values. */
export function isMatrix(value: unknown): value is Matrix {
  if (value === null || typeof value !== 'object') return false;
  const m = value as Partial<Matrix>;
  return (
    Number.isInteger(m.rows) &&
    Number.isInteger(m.cols) &&
    m.data instanceof Float64Array &&
    m.data.length === (m.rows as number) * (m.cols as number)
  );
}

function fail(message: string, path: (string | number)[]): never {
  throw new InvalidInputError(message, [{ path, message }]);
}

/**
 * Copies nested arrays into a {@link Matrix} (or checks an existing one), checking that every row
 * has the same number of finite values.
 *
 * @param name - the argument's name for messages, e.g. `background row 3 has 2 values but row 0
 * has 3`.
 * @throws InvalidInputError on ragged rows or a non-finite value; on zero rows unless
 * `allowEmpty`.
 */
export function toMatrix(value: MatrixLike, name: string, allowEmpty = false): Matrix {
  if (isMatrix(value)) {
    if (value.rows === 0 && !allowEmpty)
      fail(`${name} is empty; at least one row is required`, [name]);
    for (let k = 0; k < value.data.length; k++) {
      const v = value.data[k] as number;
      if (!Number.isFinite(v)) {
        const i = Math.floor(k / value.cols);
        const j = k % value.cols;
        fail(`${name}[${i}][${j}] is ${v}; expected a finite number`, [name, i, j]);
      }
    }
    return value;
  }
  const rowsIn = value as readonly (readonly number[])[];
  const rows = rowsIn.length;
  if (rows === 0 && !allowEmpty) fail(`${name} is empty; at least one row is required`, [name]);
  const cols = rows === 0 ? 0 : (rowsIn[0] as readonly number[]).length;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = rowsIn[i] as readonly number[];
    if (row.length !== cols) {
      fail(`${name} row ${i} has ${row.length} values but row 0 has ${cols}`, [name, i]);
    }
    for (let j = 0; j < cols; j++) {
      const v = row[j] as number;
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        fail(`${name}[${i}][${j}] is ${String(v)}; expected a finite number`, [name, i, j]);
      }
      data[i * cols + j] = v;
    }
  }
  return { rows, cols, data };
}

/** Why nested arrays are not a matrix: the path inside them and the message. */
export interface MatrixIssue {
  path: number[];
  message: string;
}

/**
 * Nested arrays (`rows × cols`, as JSON carries them) to a {@link Matrix} in one typed pass: each
 * value is checked (a finite number) and copied into the Float64Array at once, each row's length
 * against row 0's. Returns the first problem instead (its exact `[i, j]`), or `undefined` when
 * `value` is not an array of arrays at all (the caller's schema then says what it expected).
 */
export function matrixFromRows(value: unknown): Matrix | MatrixIssue | undefined {
  if (!Array.isArray(value)) return undefined;
  const rows = value.length;
  for (let i = 0; i < rows; i++) if (!Array.isArray(value[i])) return undefined;
  const cols = rows === 0 ? 0 : (value[0] as unknown[]).length;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = value[i] as unknown[];
    if (row.length !== cols)
      return { path: [i], message: `row ${i} has ${row.length} values but row 0 has ${cols}` };
    const offset = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        const got = typeof v === 'number' ? String(v) : v === null ? 'null' : typeof v;
        return { path: [i, j], message: `expected a finite number, received ${got}` };
      }
      data[offset + j] = v;
    }
  }
  return { rows, cols, data };
}

/** The rows of a {@link Matrix} as nested arrays (for JSON results). */
export function matrixToArrays(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++)
    out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

/** A new matrix made of the rows `indices` of `m`, in that order. */
export function takeRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const data = new Float64Array(indices.length * m.cols);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k] as number;
    data.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), k * m.cols);
  }
  return { rows: indices.length, cols: m.cols, data };
}
