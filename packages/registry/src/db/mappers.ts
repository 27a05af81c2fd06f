import type {
  ApiKey as ApiKeyRow,
  Experiment as ExperimentRow,
  ModelVersion as ModelVersionRow,
  Project as ProjectRow,
  RegisteredModel as RegisteredModelRow,
  Run as RunRow,
} from '../generated/prisma/client.js';
import type {
  ApiKey,
  Experiment,
  InputSignature,
  ModelVersion,
  OutputSignature,
  Params,
  Project,
  RegisteredModel,
  Run,
  Tags,
} from '../types.js';

// Rows → domain objects. The only place that knows both shapes.

export function toProject(row: ProjectRow): Project {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    projectId: row.projectId,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export function toTags(value: unknown): Tags {
  const tags: Tags = {};
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, tag] of Object.entries(value)) {
      if (typeof tag === 'string') tags[key] = tag;
    }
  }
  return tags;
}

export function toRegisteredModel(row: RegisteredModelRow): RegisteredModel {
  return {
    id: row.id,
    projectId: row.projectId,
    name: row.name,
    description: row.description,
    tags: toTags(row.tags),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

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

export function toParams(value: unknown): Params {
  const params: Params = {};
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, param] of Object.entries(value)) {
      if (param === null || ['string', 'number', 'boolean'].includes(typeof param)) {
        params[key] = param as Params[string];
      }
    }
  }
  return params;
}

export function toExperiment(row: ExperimentRow): Experiment {
  return {
    id: row.id,
    projectId: row.projectId,
    name: row.name,
    description: row.description,
    tags: toTags(row.tags),
    createdAt: row.createdAt.toISOString(),
  };
}

export function toRun(row: RunRow, projectId: string): Run {
  return {
    id: row.id,
    projectId,
    experimentId: row.experimentId,
    parentRunId: row.parentRunId,
    name: row.name,
    status: row.status,
    params: toParams(row.params),
    tags: toTags(row.tags),
    createdBy: row.createdBy,
    startedAt: row.startedAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
  };
}
