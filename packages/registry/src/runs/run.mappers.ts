import { toTags } from '../db/json-columns.js';
import type { Run as RunRow } from '../generated/prisma/client.js';
import type { Params, Run } from './run.types.js';

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

/** The latest value per key out of `runs.latest_metrics` (`{"<key>": {"v": …, "s": …, "t": …}}`). */
export function toLatestMetrics(value: unknown): Record<string, number> {
  const metrics: Record<string, number> = {};
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, point] of Object.entries(value)) {
      const v = (point as { v?: unknown } | null)?.v;
      if (typeof v === 'number') metrics[key] = v;
    }
  }
  return metrics;
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
    metrics: toLatestMetrics(row.latestMetrics),
    createdBy: row.createdBy,
    startedAt: row.startedAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
  };
}
