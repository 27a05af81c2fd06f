export { createDataTable } from './createDataTable.js';
export { type DatasetFingerprint, datasetFingerprint } from './datasetFingerprint.js';
export { lttb, type SeriesPoint } from './lttb.js';
export { type ParseDatasetOptions, parseDataset } from './parseDataset.js';
export { parseParquet } from './parseParquet.js';
export {
  DATASET_FORMATS,
  type DatasetFormat,
  type ReadDatasetOptions,
  readDataset,
} from './readDataset.js';
export type { DataTable, TableColumn, TableColumnKind } from './types.js';
