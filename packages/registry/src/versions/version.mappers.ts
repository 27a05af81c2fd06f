import { toTags } from '../db/json-columns.js';
import type {
  ModelVersion as ModelVersionRow,
  RegisteredModel as RegisteredModelRow,
} from '../generated/prisma/client.js';
import type { InputSignature, ModelVersion, OutputSignature } from './version.types.js';

export function toModelVersion(
  row: ModelVersionRow,
  model: Pick<RegisteredModelRow, 'projectId' | 'name'>,
): ModelVersion {
  return {
    id: row.id,
    modelId: row.modelId,
    projectId: model.projectId,
    modelName: model.name,
    number: row.number,
    format: row.format,
    sha256: row.sha256,
    sizeBytes: Number(row.sizeBytes),
    storageKey: row.storageKey,
    description: row.description,
    tags: toTags(row.tags),
    sourceRunId: row.sourceRunId,
    // Written only after validation with ZInputSignatureSchema / ZOutputSignatureSchema.
    inputSignature: (row.inputSignature ?? null) as InputSignature | null,
    outputSignature: (row.outputSignature ?? null) as OutputSignature | null,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}
