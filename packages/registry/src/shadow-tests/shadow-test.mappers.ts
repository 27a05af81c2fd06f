import type { ShadowTest, ShadowTestStatus } from './shadow-test.types.js';

export interface ShadowTestRow {
  id: string;
  projectId: string;
  modelId: string;
  alias: string;
  candidateVersionId: string | null;
  candidateRemote: unknown;
  sampleFraction: number;
  endsAt: Date | null;
  maxRequests: number | null;
  mirrored: number;
  status: ShadowTestStatus;
  createdBy: string | null;
  createdAt: Date;
  endedAt: Date | null;
  model: { name: string };
  candidateVersion: { number: number } | null;
}

export const shadowTestInclude = {
  model: { select: { name: true } },
  candidateVersion: { select: { number: true } },
} as const;

/**
 * A stored row as the domain sees it. A running test whose end time has passed reads as
 * `completed` (ended at its end time) even before anything wrote that down: no traffic may come
 * to notice it.
 */
export function toShadowTest(row: ShadowTestRow, now: Date = new Date()): ShadowTest {
  const expired = row.status === 'running' && row.endsAt !== null && row.endsAt <= now;
  return {
    id: row.id,
    projectId: row.projectId,
    modelId: row.modelId,
    modelName: row.model.name,
    alias: row.alias,
    candidate:
      row.candidateVersionId !== null && row.candidateVersion !== null
        ? {
            kind: 'version',
            version: row.candidateVersion.number,
            versionId: row.candidateVersionId,
          }
        : { kind: 'remote', remote: (row.candidateRemote ?? {}) as never },
    sampleFraction: row.sampleFraction,
    endsAt: row.endsAt?.toISOString() ?? null,
    maxRequests: row.maxRequests,
    mirrored: row.mirrored,
    status: expired ? 'completed' : row.status,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    endedAt: expired ? (row.endsAt as Date).toISOString() : (row.endedAt?.toISOString() ?? null),
  };
}
