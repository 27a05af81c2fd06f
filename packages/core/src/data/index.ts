export { createDataTable } from './createDataTable.js';
export { type DatasetFingerprint, datasetFingerprint } from './datasetFingerprint.js';
export { lttb, lttbKeepingExtremes, type SeriesPoint } from './lttb.js';
export { type ParseDatasetOptions, parseDataset, parseDatasetRange } from './parseDataset.js';
export { parseParquet, parseParquetRange } from './parseParquet.js';
export {
  DATASET_FORMATS,
  type DatasetFormat,
  type ReadDatasetOptions,
  readDataset,
  readDatasetRange,
} from './readDataset.js';
export type { DataTable, RowRange, TableColumn, TableColumnKind } from './types.js';
