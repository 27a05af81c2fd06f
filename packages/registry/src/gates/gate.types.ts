import { z } from 'zod';
import { type AliasEvent, ZAliasEventSchema } from '../aliases/alias.types.js';
import type { Check, Same } from '../common.js';
import { type Evaluation, ZEvaluationSchema } from '../evaluations/evaluation.types.js';
import {
  type TGateCheckResultSchema,
  type TGateCheckSchema,
  type TGateEvidenceSchema,
  ZGateCheckResultSchema,
  ZGateCheckSchema,
  ZGateEvidenceSchema,
} from './gate.schemas.js';

// Domain types (plain objects, dates as ISO-8601 strings, never Prisma types) and their response
// schemas, checked equal at compile time.

/** One immutable version of the gate policy guarding an alias of a model. */
export interface GatePolicy {
  id: string;
  projectId: string;
  modelId: string;
  modelName: string;
  /** The alias it guards. */
  alias: string;
  /** 1, 2, 3… per (model, alias); the highest is the current policy. */
  version: number;
  datasetId: string;
  target: string;
  features: string[] | null;
  confidence: {
    level?: number | undefined;
    nResamples?: number | undefined;
    seed?: number | undefined;
  } | null;
  alpha: number;
  checks: TGateCheckSchema[];
  description: string | null;
  createdBy: string | null;
  createdAt: string;
}

/** A gate run's outcome for one candidate version under one policy version. */
export interface GateReport {
  id: string;
  projectId: string;
  modelId: string;
  modelName: string;
  alias: string;
  policyId: string;
  policyVersion: number;
  candidateVersion: number;
  /** The alias's holder when the gate ran (`null`: none). */
  holderVersion: number | null;
  /** Every check passed. */
  passed: boolean;
  checks: TGateCheckResultSchema[];
  evidence: TGateEvidenceSchema;
  /** The candidate's batch test the checks read. */
  evaluationId: string | null;
  /** The candidate vs the holder, for relative checks. */
  comparisonId: string | null;
  jobId: string | null;
  createdBy: string | null;
  createdAt: string;
}

/** Why a move of a guarded alias was refused (the 409's `gate` member). */
export interface GateRefusal {
  alias: string;
  policyId: string;
  policyVersion: number;
  candidateVersion: number;
  /** The newest gate report of the version under the current policy version, if any. */
  gateReportId: string | null;
  failedChecks: TGateCheckResultSchema[];
}

/** The ledger event that put a version on an alias, with the evidence it rested on. */
export interface AliasWhy {
  event: AliasEvent;
  /** Whether the alias still points at that version. */
  holdsNow: boolean;
  gateReport: GateReport | null;
  evaluation: Evaluation | null;
}

export const ZGatePolicySchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    modelId: z.string(),
    modelName: z.string(),
    alias: z.string(),
    version: z.number().int().describe('1, 2, 3… per alias; the highest is the current policy'),
    datasetId: z.string(),
    target: z.string(),
    features: z.array(z.string()).nullable(),
    confidence: z
      .object({
        level: z.number().optional(),
        nResamples: z.number().int().optional(),
        seed: z.number().int().optional(),
      })
      .nullable(),
    alpha: z.number(),
    checks: z.array(ZGateCheckSchema),
    description: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'GatePolicy' });

export const ZGateReportSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    modelId: z.string(),
    modelName: z.string(),
    alias: z.string(),
    policyId: z.string(),
    policyVersion: z.number().int(),
    candidateVersion: z.number().int(),
    holderVersion: z.number().int().nullable(),
    passed: z.boolean(),
    checks: z.array(ZGateCheckResultSchema),
    evidence: ZGateEvidenceSchema,
    evaluationId: z.string().nullable(),
    comparisonId: z.string().nullable(),
    jobId: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'GateReport' });

export const ZGateRefusalSchema = z
  .object({
    alias: z.string(),
    policyId: z.string(),
    policyVersion: z.number().int(),
    candidateVersion: z.number().int(),
    gateReportId: z.string().nullable(),
    failedChecks: z.array(ZGateCheckResultSchema),
  })
  .meta({ id: 'GateRefusal' });

export const ZAliasWhySchema = z
  .object({
    event: ZAliasEventSchema,
    holdsNow: z.boolean(),
    gateReport: ZGateReportSchema.nullable(),
    evaluation: ZEvaluationSchema.nullable(),
  })
  .meta({ id: 'AliasWhy' });

type _ShapeChecks = [
  Check<Same<z.output<typeof ZGatePolicySchema>, GatePolicy>>,
  Check<Same<z.output<typeof ZGateReportSchema>, GateReport>>,
  Check<Same<z.output<typeof ZGateRefusalSchema>, GateRefusal>>,
  Check<Same<z.output<typeof ZAliasWhySchema>, AliasWhy>>,
];
