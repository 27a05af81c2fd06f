import { type ParseDatasetOptions, parseDataset } from './parseDataset.js';
import { parseParquet } from './parseParquet.js';
import type { DataTable } from './types.js';

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
    return parseParquet(bytes, options.labelColumns, options.limits);
  return parseDataset(bytes, { ...options, format: options.format });
}
