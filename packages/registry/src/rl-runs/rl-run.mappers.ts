import type { RlRun as RlRunRow } from '../generated/prisma/client.js';
import type { RlRun } from './rl-run.types.js';

export function toRlRun(row: RlRunRow): RlRun {
  return {
    id: row.id,
    projectId: row.projectId,
    name: row.name,
    agentName: row.agentName,
    agentVersion: row.agentVersion,
    environment: row.environment,
    description: row.description,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}
