import { InvalidInputError } from '../errors/index.js';
import type { DataTable, TableColumn } from './types.js';

function fail(message: string, path: (string | number)[]): never {
  throw new InvalidInputError(message, [{ path, message }]);
}

/**
 * Builds a {@link DataTable} from columns that are already typed (what {@link parseDataset} does
 * after parsing; also the way to evaluate data that never was a file).
 *
 * @example createDataTable([
 *   { name: 'x', kind: 'numeric', values: Float64Array.of(0.5, 1.5) },
 *   { name: 'y', kind: 'label', values: ['no', 'yes'] },
 * ]) // → { columns: ['x', 'y'], rows: 2, column(name) }
 * @throws InvalidInputError when there are no columns, a name is empty or repeated, or the
 * columns differ in length (`column 'y' has 3 values but column 'x' has 2`).
 */
export function createDataTable(columns: readonly TableColumn[]): DataTable {
  if (columns.length === 0) fail('a table needs at least one column', ['columns']);
  const byName = new Map<string, TableColumn>();
  const first = columns[0] as TableColumn;
  columns.forEach((column, j) => {
    if (column.name === '') fail(`column ${j} has an empty name`, ['columns', j]);
    if (byName.has(column.name))
      fail(`column name '${column.name}' appears twice; names must be unique`, ['columns', j]);
    if (column.values.length !== first.values.length) {
      fail(
        `column '${column.name}' has ${column.values.length} values but column '${first.name}' has ${first.values.length}`,
        ['columns', j],
      );
    }
    byName.set(column.name, column);
  });
  const names = Object.freeze(columns.map((c) => c.name));
  return {
    columns: names,
    rows: first.values.length,
    column(name: string): TableColumn {
      const column = byName.get(name);
      if (column === undefined) {
        fail(`the table has no column '${name}'; its columns are ${names.join(', ')}`, [name]);
      }
      return column;
    },
  };
}
