import type { DataTable } from '../data/types.js';
import type { Label } from '../labels/index.js';
import type { MetricResult } from '../metrics/types.js';
import type { Model } from '../models/types.js';

/** One metric to compute in {@link evaluateModel}. */
export interface EvaluationMetricRequest {
  /** A registered metric (`listMetrics()`), classification, regression or bias. */
  name: string;
  /**
   * The metric's params, as `computeMetric` takes them. Unset ones get the evaluation defaults
   * (`posLabel` = the model's positive class, `labels` and `multiClass: 'ovr'` for multiclass
   * scores). @default {}
   */
  params?: Record<string, unknown>;
  /**
   * Other input fields of the metric read from table columns, e.g. `{ sensitive: 'sex' }` for
   * `groupMetrics` or `{ sampleWeight: 'weight' }`. @default {}
   */
  inputs?: Record<string, string>;
}

/** The bootstrap interval asked of every metric with a numeric `value`. */
export interface EvaluationConfidence {
  /** Confidence level, in (0, 1). @default 0.95 */
  level?: number;
  /** Number of bootstrap resamples (1 … 100000). @default 1000 */
  nResamples?: number;
  /** Seed of the resampling stream: same seed, same interval. @default 0 */
  seed?: number;
}

/** Options of {@link evaluateModel}. */
export interface EvaluateModelOptions {
  model: Model;
  table: DataTable;
  /** The column holding the true labels (classifiers) or values (regressors). */
  target: string;
  /**
   * The feature columns, in the model's input order. @default the model's feature names when the
   * table has them all, else every column but the target, in table order
   */
  features?: readonly string[];
  metrics: readonly EvaluationMetricRequest[];
  /** Adds a seeded percentile-bootstrap interval to each metric. @default undefined (none) */
  confidence?: EvaluationConfidence;
  /** Rows per `predict` call. @default model.preferredBatchRows, else 8192 */
  batchRows?: number;
  /**
   * Called after each predict batch and each metric with the share of the work done (predicting
   * counts for 30 % when confidence intervals are asked, else 90 %). Awaited: a job runner may
   * record it before the evaluation goes on.
   */
  onProgress?: (progress: EvaluationProgress) => void | Promise<void>;
  /** Stops the evaluation at the next batch or metric; it then rejects with `signal.reason`. */
  signal?: AbortSignal;
}

/** How far an {@link evaluateModel} call has come. */
export interface EvaluationProgress {
  /** Share of the work done, in [0, 1]. */
  fraction: number;
  /** What it is doing: `predicting 16384 of 100000 rows`, `metric 2 of 3: rocAuc`. */
  message: string;
}

/** A percentile-bootstrap confidence interval of a metric's `value`. */
export interface EvaluationInterval {
  low: number;
  high: number;
  level: number;
  nResamples: number;
  /** Resamples on which the metric was undefined (e.g. one class drawn), left out. */
  skipped: number;
  seed: number;
  method: 'percentile';
}

/** One computed metric. */
export interface EvaluatedMetric {
  name: string;
  /** The params it was computed with (the request's plus the evaluation defaults). */
  params: Record<string, unknown>;
  /** The result's numeric `value`, or null for results without one (matrices, curves). */
  value: number | null;
  /** The metric's full result, as `computeMetric` returns it. */
  result: MetricResult;
  /**
   * What was computed, for reports and reproduction:
   * `metric:rocAuc|params:{"posLabel":"malignant"}|model:spec:logistic|target:diagnosis|n:569|ci:percentile|level:0.95|resamples:1000|seed:0|version:assay-core.0.1.0`.
   */
  signature: string;
  /** Present when `confidence` was asked for and the result has a numeric `value`. */
  confidenceInterval?: EvaluationInterval;
}

/** Per class: how often it is the truth and the prediction, and its mean predicted probability. */
export interface ClassSummary {
  label: Label;
  actual: number;
  predicted: number;
  meanProbability: number;
}

/** What the model predicted, in short. */
export type PredictionSummary =
  | { task: 'binary' | 'multiclass'; classes: ClassSummary[] }
  | { task: 'regression'; mean: number; std: number; min: number; max: number };

/** Where the time went, in milliseconds. */
export interface EvaluationTiming {
  totalMs: number;
  /** Inside the model's `predict` / `predictClasses`. */
  predictMs: number;
  /** Computing the metrics and their intervals. */
  metricsMs: number;
  /** Number of calls to the model. */
  modelCalls: number;
}

/** What {@link evaluateModel} returns. */
export interface ModelEvaluation {
  task: 'binary' | 'multiclass' | 'regression';
  /** The model's kind (`spec:logistic`, `onnx`, …). */
  model: string;
  target: string;
  /** The feature columns used, in the model's input order. */
  features: string[];
  rows: number;
  predictions: PredictionSummary;
  metrics: EvaluatedMetric[];
  timing: EvaluationTiming;
}
