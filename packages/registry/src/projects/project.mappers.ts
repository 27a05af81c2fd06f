import type { Project as ProjectRow } from '../generated/prisma/client.js';
import type { Project } from './project.types.js';

export function toProject(row: ProjectRow): Project {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    createdAt: row.createdAt.toISOString(),
  };
}
