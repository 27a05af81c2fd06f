import type {
  AbDecision,
  AbMetric,
  AbPlan,
  AbTest,
  AbTestMethod,
  AbTestStatus,
  AbVariant,
} from './ab-test.types.js';

export interface AbTestRow {
  id: string;
  projectId: string;
  modelId: string;
  name: string;
  description: string | null;
  unitType: string;
  salt: string;
  variants: unknown;
  coverage: number;
  weightHistory: unknown;
  metrics: unknown;
  plan: unknown;
  method: string;
  alpha: number;
  alias: string | null;
  status: AbTestStatus;
  phaseStartedAt: Date | null;
  decision: unknown;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date | null;
  stoppedAt: Date | null;
  model: { name: string };
}

export const abTestInclude = { model: { select: { name: true } } } as const;

/** A stored row as the domain sees it (the JSON columns were written by this folder's functions). */
export function toAbTest(row: AbTestRow): AbTest {
  const variants = (row.variants as Omit<AbVariant, 'index'>[]).map((v, index) => ({
    index,
    name: v.name,
    version: v.version ?? null,
    alias: v.alias ?? null,
    weight: v.weight,
  }));
  return {
    id: row.id,
    projectId: row.projectId,
    modelId: row.modelId,
    modelName: row.model.name,
    name: row.name,
    description: row.description,
    unitType: row.unitType,
    salt: row.salt,
    variants,
    coverage: row.coverage,
    weightHistory: (row.weightHistory ?? []) as AbTest['weightHistory'],
    metrics: row.metrics as AbMetric[],
    plan: (row.plan ?? null) as AbPlan | null,
    method: row.method as AbTestMethod,
    alpha: row.alpha,
    alias: row.alias,
    status: row.status,
    phaseStartedAt: row.phaseStartedAt?.toISOString() ?? null,
    decision: (row.decision ?? null) as AbDecision | null,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    stoppedAt: row.stoppedAt?.toISOString() ?? null,
  };
}

/** Weights scaled to sum to 1 (what the hashing's bucket ranges expect). */
export function normalizeWeights(weights: readonly number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  return weights.map((w) => w / total);
}
