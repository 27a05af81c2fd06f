import { type ParseDatasetOptions, parseDataset, parseDatasetRange } from './parseDataset.js';
import { parseParquet, parseParquetRange } from './parseParquet.js';
import type { DataTable, RowRange } from './types.js';

/** The file formats a dataset may be uploaded in. */
export const DATASET_FORMATS = ['csv', 'json', 'parquet'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

/** Options of {@link readDataset}: those of {@link parseDataset}, with Parquet as a format too. */
export interface ReadDatasetOptions extends Omit<ParseDatasetOptions, 'format'> {
  format: DatasetFormat;
}

/**
 * Reads a dataset file in any supported format into a {@link DataTable}: CSV and JSON through
 * {@link parseDataset} (synchronous), Parquet through {@link parseParquet} (its reader is
 * asynchronous). The API and the job workers read uploads through this one function.
 */
export async function readDataset(
  bytes: Uint8Array,
  options: ReadDatasetOptions,
): Promise<DataTable> {
  if (options.format === 'parquet')
    return parseParquet(bytes, options.labelColumns, options.limits, options.textColumns);
  return parseDataset(bytes, { ...options, format: options.format });
}

/**
 * Reads the rows `rowRange` of a dataset file (one shard of a sharded batch test) without
 * building the other rows: a Parquet file decodes only the row groups that overlap the range, a
 * CSV keeps only the range's records (see `parseDatasetRange`), a JSON document is parsed whole.
 * Bounds (`limits`) apply to the whole file, and column kinds are the whole file's, so every
 * shard sees the columns {@link readDataset} gives. Answers the range's table and the file's rows.
 * @throws as {@link readDataset}, and InvalidInputError when `rowRange` is outside the file's rows.
 */
export async function readDatasetRange(
  bytes: Uint8Array,
  options: ReadDatasetOptions & { rowRange: RowRange },
): Promise<{ table: DataTable; rows: number }> {
  if (options.format === 'parquet')
    return parseParquetRange(
      bytes,
      options.rowRange,
      options.labelColumns,
      options.limits,
      options.textColumns,
    );
  return parseDatasetRange(bytes, { ...options, format: options.format });
}
