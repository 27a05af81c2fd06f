import { z } from 'zod';
import { InvalidInputError } from '../errors/index.js';
import type { Matrix } from '../linalg/matrix.js';

/**
 * One value of a feature row as JSON carries it. The schema lets any JSON value through so that
 * {@link featureRowsToMatrix} can refuse a wrong one with a message naming its column (a zod
 * union would only say "invalid input").
 */
const ZFeatureValueSchema = z
  .unknown()
  .describe('A finite number (anything else is refused with a message naming its column)');

/** Rows in the model's feature order: `[[5.1, 3.5], …]`. */
export const ZPositionalRowsSchema = z
  .array(z.array(ZFeatureValueSchema))
  .describe('Positional rows, in the model’s feature order');

/** Rows keyed by feature name: `[{"age": 3, "income": 2}, …]` (any key order). */
export const ZNamedRowsSchema = z
  .array(z.record(z.string(), ZFeatureValueSchema))
  .describe('Rows as objects keyed by feature name (any order)');

/** Columnar rows, as pandas' `to_dict(orient="split")` gives them (its `index` is ignored). */
export const ZColumnarRowsSchema = z
  .object({
    columns: z.array(z.string()).describe('Column (feature) names, in the order of data'),
    data: z.array(z.array(ZFeatureValueSchema)).describe('One array per row, in columns order'),
    index: z.array(z.unknown()).optional().describe('Ignored (pandas split orient)'),
  })
  .strict()
  .describe('Columns and rows, matched to the model’s features by name');

/**
 * Feature rows in any of the three forms a caller may send. Named forms are matched to the
 * model's feature names, so a column order different from the model's gives the same predictions.
 */
export const ZFeatureRowsSchema = z.union([
  ZPositionalRowsSchema,
  ZNamedRowsSchema,
  ZColumnarRowsSchema,
]);

export type TFeatureRows = z.infer<typeof ZFeatureRowsSchema>;

/** Which columns of a table (or of named rows) hold a model's features. */
export interface FeatureColumnMatch {
  /** For each feature, in the model's order, its index among `columns` (−1 when missing). */
  indices: number[];
  /** Features that no column is named after, in the model's order. */
  missing: string[];
  /** Columns that are not features, in their order. */
  extra: string[];
}

/**
 * Matches a model's feature names to column names, by name. Pure bookkeeping: callers decide
 * whether missing or extra columns are an error (predictions refuse both; a batch test allows
 * extra columns, its target among them).
 */
export function findFeatureColumns(
  features: readonly string[],
  columns: readonly string[],
): FeatureColumnMatch {
  const position = new Map<string, number>();
  columns.forEach((name, j) => {
    if (!position.has(name)) position.set(name, j);
  });
  const wanted = new Set(features);
  return {
    indices: features.map((name) => position.get(name) ?? -1),
    missing: features.filter((name) => !position.has(name)),
    extra: columns.filter((name) => !wanted.has(name)),
  };
}

const list = (names: readonly string[]) => names.map((n) => `'${n}'`).join(', ');

/**
 * {@link findFeatureColumns}, throwing when a feature is missing or (unless `allowExtra`) a column
 * is not a feature. The message names both sets and the model's features, e.g.
 * `rows lack the feature 'age' and have the column 'agee', which the model does not take; the model takes 'age', 'income'`.
 */
export function matchFeatureColumns(
  features: readonly string[],
  columns: readonly string[],
  options: { allowExtra?: boolean; path?: (string | number)[]; what?: string } = {},
): number[] {
  const { allowExtra = false, path = ['rows'], what = 'rows' } = options;
  const seen = new Set<string>();
  for (const name of columns) {
    if (seen.has(name)) {
      const message = `${what} name the column '${name}' twice`;
      throw new InvalidInputError(message, [{ path, message }]);
    }
    seen.add(name);
  }
  const { indices, missing, extra } = findFeatureColumns(features, columns);
  const unwanted = allowExtra ? [] : extra;
  if (missing.length === 0 && unwanted.length === 0) return indices;
  const parts: string[] = [];
  if (missing.length > 0) {
    parts.push(`lack the feature${missing.length === 1 ? '' : 's'} ${list(missing)}`);
  }
  if (unwanted.length > 0) {
    parts.push(
      `have the column${unwanted.length === 1 ? '' : 's'} ${list(unwanted)}, which the model does not take`,
    );
  }
  const message = `${what} ${parts.join(' and ')}; the model takes ${list(features)}`;
  throw new InvalidInputError(message, [
    ...missing.map((name) => ({ path: [...path, name], message: `missing feature '${name}'` })),
    ...unwanted.map((name) => ({ path: [...path, name], message: `'${name}' is not a feature` })),
  ]);
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'number') return String(value);
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

function badValue(value: unknown, row: number, feature: string, path: (string | number)[]): never {
  const message = `row ${row} has ${describeValue(value)} for feature '${feature}'; expected a finite number`;
  throw new InvalidInputError(message, [{ path, message }]);
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Feature rows ({@link ZFeatureRowsSchema}: positional, keyed by name, or columnar) as a matrix in
 * the model's feature order.
 *
 * - Positional rows must have one value per feature, in the model's order (as before names were
 *   accepted; the only form for a model whose features have no names).
 * - Named rows and columnar rows are matched by name: any column order gives the same matrix.
 *   Every row must name exactly the model's features; a missing or an extra name is refused with
 *   both sets named (a misspelt column would otherwise be silently dropped or misplaced).
 *
 * Rows in messages count from 0, as the request's JSON does.
 *
 * @example featureRowsToMatrix([{ b: 2, a: 1 }], ['a', 'b']) // → { rows: 1, cols: 2, data: [1, 2] }
 * @throws InvalidInputError when there are no rows, forms are mixed, names are missing, extra or
 * repeated, a positional row has the wrong length, or a value is not a finite number (the
 * message names the row and the feature).
 */
export function featureRowsToMatrix(
  rows: unknown,
  features: readonly string[],
  options: {
    path?: (string | number)[];
    /**
     * The model's {@link Model.rawValue}: values are coded by it (text, dates and gaps allowed)
     * instead of having to be finite numbers.
     */
    rawValue?: (feature: number, value: unknown) => number;
  } = {},
): Matrix {
  const path = options.path ?? ['rows'];
  const { rawValue } = options;
  const cols = features.length;
  if (isPlainObject(rows)) {
    const parsed = ZColumnarRowsSchema.safeParse(rows);
    if (!parsed.success) {
      const message =
        'rows as an object must be {"columns": [...], "data": [[...], ...]} (columnar, as pandas to_dict(orient="split"))';
      throw new InvalidInputError(message, [{ path, message }]);
    }
    const { columns, data } = parsed.data;
    const indices = matchFeatureColumns(features, columns, { path: [...path, 'columns'] });
    const out = new Float64Array(data.length * cols);
    data.forEach((row, i) => {
      if (row.length !== columns.length) {
        const message = `data[${i}] has ${row.length} values but columns names ${columns.length}`;
        throw new InvalidInputError(message, [{ path: [...path, 'data', i], message }]);
      }
      indices.forEach((c, j) => {
        const v = row[c];
        if (rawValue !== undefined) {
          out[i * cols + j] = rawValue(j, v);
          return;
        }
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          badValue(v, i, features[j] as string, [...path, 'data', i, c]);
        }
        out[i * cols + j] = v;
      });
    });
    return checkRows({ rows: data.length, cols, data: out }, path);
  }
  if (!Array.isArray(rows)) {
    const message =
      'rows must be an array of rows (arrays in feature order, or objects keyed by feature name) or {"columns", "data"}';
    throw new InvalidInputError(message, [{ path, message }]);
  }
  const named = rows.length > 0 && isPlainObject(rows[0]);
  const out = new Float64Array(rows.length * cols);
  rows.forEach((row: unknown, i) => {
    if (named) {
      if (!isPlainObject(row)) {
        const message = `rows[${i}] is not an object like rows[0]; send every row in one form`;
        throw new InvalidInputError(message, [{ path: [...path, i], message }]);
      }
      const indices = matchFeatureColumns(features, Object.keys(row), {
        path: [...path, i],
        what: `rows[${i}]`,
      });
      const values = Object.values(row);
      indices.forEach((c, j) => {
        const feature = features[j] as string;
        const v = values[c];
        if (rawValue !== undefined) {
          out[i * cols + j] = rawValue(j, v);
          return;
        }
        if (typeof v !== 'number' || !Number.isFinite(v))
          badValue(v, i, feature, [...path, i, feature]);
        out[i * cols + j] = v;
      });
      return;
    }
    if (!Array.isArray(row)) {
      const message = `rows[${i}] is not an array like rows[0]; send every row in one form`;
      throw new InvalidInputError(message, [{ path: [...path, i], message }]);
    }
    if (row.length !== cols) {
      const message = `rows[${i}] has ${row.length} values but the model takes ${cols} feature${cols === 1 ? '' : 's'} (${list(features)}); send rows keyed by feature name to match them by name`;
      throw new InvalidInputError(message, [{ path: [...path, i], message }]);
    }
    row.forEach((v: unknown, j) => {
      if (rawValue !== undefined) {
        out[i * cols + j] = rawValue(j, v);
        return;
      }
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        badValue(v, i, features[j] as string, [...path, i, j]);
      }
      out[i * cols + j] = v;
    });
  });
  return checkRows({ rows: rows.length, cols, data: out }, path);
}

function checkRows(matrix: Matrix, path: (string | number)[]): Matrix {
  if (matrix.rows === 0) {
    const message = 'rows is empty; send at least one row';
    throw new InvalidInputError(message, [{ path, message }]);
  }
  return matrix;
}
