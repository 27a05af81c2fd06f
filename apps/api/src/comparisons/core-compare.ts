import type { DataTable, EvaluationConfidence, EvaluationProgress, Model } from '@assay/core';
import * as core from '@assay/core';

// TEMPORARY (until h-core-stats is merged): the core's `compareModels`, reached by name so that
// this branch builds before the core has it. After the merge this file re-exports the core's.

export interface CompareModelsOptions {
  candidate: Model;
  baseline: Model;
  table: DataTable;
  target: string;
  features?: readonly string[];
  metrics: readonly (string | { name: string; params?: Record<string, unknown> })[];
  confidence?: EvaluationConfidence | null;
  alpha?: number;
  onProgress?: (progress: EvaluationProgress) => void | Promise<void>;
  signal?: AbortSignal;
  batchRows?: number;
}

export type ComparisonReport = { n: number; metrics: ComparedMetric[] } & Record<string, unknown>;

export interface ComparedMetric {
  metric: string;
  params: Record<string, unknown>;
  candidate: number;
  baseline: number;
  delta: number;
  higherIsBetter: boolean;
  interval: { low: number; high: number; level: number } | null;
  test: { name: string; statistic: number; pValue: number } | null;
  significantlyWorse: boolean | null;
}

export function compareModels(options: CompareModelsOptions): Promise<ComparisonReport> {
  const compare = (core as unknown as Record<string, unknown>).compareModels;
  if (typeof compare !== 'function') {
    throw new Error('compareModels is not in this build of @assay/core (merge h-core-stats)');
  }
  return compare(options) as Promise<ComparisonReport>;
}
