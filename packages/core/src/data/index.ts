export { createDataTable } from './createDataTable.js';
export { type DatasetFingerprint, datasetFingerprint } from './datasetFingerprint.js';
export { type ParseDatasetOptions, parseDataset } from './parseDataset.js';
export type { DataTable, TableColumn, TableColumnKind } from './types.js';
