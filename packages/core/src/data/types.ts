/**
 * One column of a {@link DataTable}:
 * - `numeric`: float64 values, `NaN` where the cell was empty (CSV) or `null` (JSON);
 * - `label`: strings (class labels, categories, ids), `''` where the cell was empty or `null`.
 */
export type TableColumn =
  | { readonly name: string; readonly kind: 'numeric'; readonly values: Float64Array }
  | { readonly name: string; readonly kind: 'label'; readonly values: readonly string[] };

/** What a column holds: float64 numbers or string labels. */
export type TableColumnKind = TableColumn['kind'];

/**
 * A columnar table (what {@link parseDataset} returns): column names in file order, the number of
 * data rows, and each column by name. Every column has `rows` values.
 */
export interface DataTable {
  /** Column names, unique, in the order of the file. */
  readonly columns: readonly string[];
  /** Number of data rows (the header is not counted). */
  readonly rows: number;
  /**
   * The column called `name`.
   * @throws InvalidInputError when there is no such column (the message lists the columns).
   */
  column(name: string): TableColumn;
}

/** Rows `start` (inclusive) to `end` (exclusive) of a table, counted from 0. */
export interface RowRange {
  start: number;
  end: number;
}
