import { createHash } from 'node:crypto';
import type { DataTable, TableColumnKind } from './types.js';

/** What identifies a dataset: the hash of its bytes and the shape of the table parsed from them. */
export interface DatasetFingerprint {
  /** SHA-256 of the file's bytes, lowercase hex (what `sha256sum` prints). */
  sha256: string;
  /** Number of data rows. */
  rows: number;
  /** Each column's name and kind, in table order. */
  columns: { name: string; kind: TableColumnKind }[];
}

/**
 * Fingerprints a dataset: the SHA-256 of the bytes as uploaded (so that a stored evaluation can
 * say exactly which file it ran on) with the rows and typed columns of the table parsed from them
 * (pass the table {@link parseDataset} returned for these bytes).
 *
 * @example datasetFingerprint(bytes, parseDataset(bytes, { format: 'csv' }))
 * // → { sha256: '9f86d0…', rows: 150, columns: [{ name: 'sepal_length_cm', kind: 'numeric' }, …] }
 */
export function datasetFingerprint(bytes: Uint8Array, table: DataTable): DatasetFingerprint {
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    rows: table.rows,
    columns: table.columns.map((name) => ({ name, kind: table.column(name).kind })),
  };
}
