import type {
  GatePolicy as GatePolicyRow,
  GateReport as GateReportRow,
} from '../generated/prisma/client.js';
import type {
  TGateCheckResultSchema,
  TGateCheckSchema,
  TGateEvidenceSchema,
} from './gate.schemas.js';
import type { GatePolicy, GateReport } from './gate.types.js';

export interface GatePolicyRowWithModel extends GatePolicyRow {
  model: { name: string };
}

export interface GateReportRowWithNames extends GateReportRow {
  model: { name: string };
  policy: { alias: string; version: number };
  candidateVersion: { number: number };
}

export const gatePolicyInclude = { model: { select: { name: true } } } as const;
export const gateReportInclude = {
  model: { select: { name: true } },
  policy: { select: { alias: true, version: true } },
  candidateVersion: { select: { number: true } },
} as const;

// JSON columns are written only after validation with the gate schemas.

export function toGatePolicy(row: GatePolicyRowWithModel): GatePolicy {
  return {
    id: row.id,
    projectId: row.projectId,
    modelId: row.modelId,
    modelName: row.model.name,
    alias: row.alias,
    version: row.version,
    datasetId: row.datasetId,
    target: row.target,
    features: (row.features as string[] | null) ?? null,
    confidence: (row.confidence as GatePolicy['confidence']) ?? null,
    alpha: row.alpha,
    checks: row.checks as unknown as TGateCheckSchema[],
    description: row.description,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toGateReport(row: GateReportRowWithNames): GateReport {
  return {
    id: row.id,
    projectId: row.projectId,
    modelId: row.modelId,
    modelName: row.model.name,
    alias: row.policy.alias,
    policyId: row.policyId,
    policyVersion: row.policy.version,
    candidateVersion: row.candidateVersion.number,
    holderVersion: row.holderVersion,
    passed: row.passed,
    checks: row.checks as unknown as TGateCheckResultSchema[],
    evidence: row.evidence as unknown as TGateEvidenceSchema,
    evaluationId: row.evaluationId,
    comparisonId: row.comparisonId,
    jobId: row.jobId,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}
