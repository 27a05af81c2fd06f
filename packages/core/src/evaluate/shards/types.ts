import type { DataTable, RowRange } from '../../data/types.js';
import type { Label } from '../../labels/index.js';
import type { Model } from '../../models/types.js';
import type { EvaluationMetricRequest, EvaluationProgress } from '../types.js';
import type { Expansion } from './exactSum.js';

export type { RowRange };

/**
 * A metric's mergeable statistics over some rows:
 * - `counts`: every distinct per-row input tuple (the metric's `fields`, e.g. `[yTrue, yPred]`
 *   or `[yTrue, yScore]`) with how many rows had it. Merging adds counts (integers, exact);
 *   finishing calls the metric once on the distinct tuples with the counts as `sampleWeight`.
 *   For a confusion matrix this is the k × k confusion counts; for ROC AUC the positive and
 *   negative counts per distinct score.
 * - `sums`: the regression sums Σ|y − ŷ|, Σ(y − ŷ)², Σ(y − ŷ), Σy, Σy² and Σ|y − ŷ|/|y| as
 *   exact expansions (`exactSum.ts`) and the row count.
 */
export type MetricShardState =
  | { kind: 'counts'; fields: string[]; tuples: [unknown[], number][] }
  | {
      kind: 'sums';
      n: number;
      absError: Expansion;
      squaredError: Expansion;
      /** Σ(y − ŷ) and Σ(y − ŷ)² of the rounded differences, products exact (explained variance). */
      error: Expansion;
      errorSquares: Expansion;
      /** Σ|ŷ − y| / max(|y|, ε) (MAPE's per-row terms). */
      absPercentError: Expansion;
      sumTrue: Expansion;
      sumTrueSquares: Expansion;
    };

/** The parts of the prediction summary, mergeable. */
export type SummaryShardState =
  | {
      task: 'regression';
      n: number;
      sum: Expansion;
      sumSquares: Expansion;
      /** null while no row was seen (JSON has no infinities). */
      min: number | null;
      max: number | null;
    }
  | {
      task: 'binary' | 'multiclass';
      /** The model's classes, in its order. */
      classes: Label[];
      actual: number[];
      predicted: number[];
      /** Per class, the exact sum of its predicted probability. */
      probability: Expansion[];
    };

/**
 * What one shard of a batch test gives: plain JSON (it is stored as a job's result), merged with
 * {@link mergeShardStates} and turned into a report with {@link finishShardedEvaluation}.
 */
export interface EvaluationShardState {
  format: 'assay.evaluation-shard.v1';
  task: 'binary' | 'multiclass' | 'regression';
  model: string;
  target: string;
  features: string[];
  /** Rows covered (summed by a merge). */
  rows: number;
  summary: SummaryShardState;
  metrics: { name: string; params: Record<string, unknown>; state: MetricShardState }[];
  timing: { totalMs: number; predictMs: number; modelCalls: number };
}

/** Options of {@link evaluateShard}. */
export interface EvaluateShardOptions {
  model: Model;
  /** The table (the whole one, or only the rows a shard read: `readDatasetRange`); only `rowRange` is predicted. */
  table: DataTable;
  rowRange: RowRange;
  target: string;
  features?: readonly string[];
  metrics: readonly EvaluationMetricRequest[];
  /** Rows per `predict` call. @default model.preferredBatchRows, else 8192 */
  batchRows?: number;
  onProgress?: (progress: EvaluationProgress) => void | Promise<void>;
  signal?: AbortSignal;
}
