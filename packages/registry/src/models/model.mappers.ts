import { toTags } from '../db/json-columns.js';
import type { RegisteredModel as RegisteredModelRow } from '../generated/prisma/client.js';
import type { RegisteredModel } from './model.types.js';

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
