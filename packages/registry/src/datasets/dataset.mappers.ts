import type { Dataset as DatasetRow } from '../generated/prisma/client.js';
import type { Dataset } from './dataset.types.js';

export function toDataset(row: DatasetRow): Dataset {
  return {
    id: row.id,
    projectId: row.projectId,
    name: row.name,
    format: row.format,
    sha256: row.sha256,
    sizeBytes: Number(row.sizeBytes),
    rows: Number(row.rows),
    // Written only after validation with ZCreateDatasetMetaSchema.
    columns: row.columns as string[],
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}
