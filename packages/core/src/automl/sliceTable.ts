import { createDataTable } from '../data/createDataTable.js';
import type { DataTable, TableColumn } from '../data/types.js';

/** The rows `rows` (indices, in that order) of the columns `columns` of a table. */
export function sliceTable(
  table: DataTable,
  columns: readonly string[],
  rows: Int32Array,
): DataTable {
  return createDataTable(
    columns.map((name): TableColumn => {
      const column = table.column(name);
      return column.kind === 'numeric'
        ? {
            name,
            kind: 'numeric',
            values: Float64Array.from(rows, (i) => column.values[i] as number),
          }
        : { name, kind: 'label', values: Array.from(rows, (i) => column.values[i] as string) };
    }),
  );
}
