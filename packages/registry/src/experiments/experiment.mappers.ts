import { toTags } from '../db/json-columns.js';
import type { Experiment as ExperimentRow } from '../generated/prisma/client.js';
import type { Experiment } from './experiment.types.js';

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
