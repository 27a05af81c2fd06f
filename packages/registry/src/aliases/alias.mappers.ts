import type { AliasEvent, ModelAlias } from './alias.types.js';

export interface AliasRow {
  id: string;
  modelId: string;
  name: string;
  versionId: string | null;
  revision: number;
  updatedAt: Date;
  version: { number: number } | null;
}

export interface AliasEventRow {
  id: bigint;
  alias: string;
  revision: number;
  actor: string;
  reason: string | null;
  evaluationId: string | null;
  gateReportId: string | null;
  overrideReason: string | null;
  at: Date;
  fromVersion: { number: number } | null;
  toVersion: { number: number } | null;
}

export const aliasInclude = { version: { select: { number: true } } } as const;
export const aliasEventInclude = {
  fromVersion: { select: { number: true } },
  toVersion: { select: { number: true } },
} as const;

export function toModelAlias(
  row: AliasRow,
  model: { projectId: string; name: string },
): ModelAlias {
  return {
    id: row.id,
    projectId: model.projectId,
    modelId: row.modelId,
    modelName: model.name,
    name: row.name,
    version: row.version?.number ?? null,
    versionId: row.versionId,
    revision: row.revision,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toAliasEvent(
  row: AliasEventRow,
  model: { projectId: string; name: string },
): AliasEvent {
  return {
    id: row.id.toString(),
    projectId: model.projectId,
    modelName: model.name,
    alias: row.alias,
    revision: row.revision,
    fromVersion: row.fromVersion?.number ?? null,
    toVersion: row.toVersion?.number ?? null,
    actor: row.actor,
    reason: row.reason,
    evaluationId: row.evaluationId,
    gateReportId: row.gateReportId,
    overrideReason: row.overrideReason,
    at: row.at.toISOString(),
  };
}
