/**
 * The structured results of an evaluation (a confusion matrix, ROC, precision–recall and
 * calibration curves), read defensively from JSON: each metric's full `result`, as the core's
 * `evaluateModel` reports it (the evaluation's own metrics once the registry stores them, or the
 * report kept in the job that ran it).
 */

export interface ConfusionMatrixResult {
  matrix: number[][];
  labels: string[];
}
export interface RocCurveResult {
  fpr: number[];
  tpr: number[];
}
export interface PrCurveResult {
  precision: number[];
  recall: number[];
}
export interface CalibrationResult {
  probTrue: number[];
  probPred: number[];
  counts: number[];
}

export interface GroupSummary {
  count: number;
  accuracy: number;
  recall: number;
  selectionRate: number;
}
export interface GroupMetricsResult {
  groups: (GroupSummary & { group: string })[];
  overall: GroupSummary;
}

/** A regression's residuals as the core's `residuals` metric summarises them. */
export interface ResidualsResult {
  n: number;
  mean: number;
  std: number;
  points: { rows: number[]; predicted: number[]; residual: number[] };
  histogram: { edges: number[]; counts: number[] };
}

export interface StructuredResults {
  confusionMatrix?: ConfusionMatrixResult;
  residuals?: ResidualsResult;
  groupMetrics?: GroupMetricsResult;
  rocCurve?: RocCurveResult;
  precisionRecallCurve?: PrCurveResult;
  calibrationCurve?: CalibrationResult;
  /** Scalar metrics computed alongside (rocAuc, averagePrecision), by name. */
  values: Record<string, number>;
}

/** A metric as it appears in a report or a stored evaluation; `result` is the full result. */
interface MetricLike {
  name?: unknown;
  value?: unknown;
  result?: unknown;
}

const isNumbers = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x));

const record = (v: unknown): Record<string, unknown> | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

/** Reads the structured results out of a list of metrics (the first of each kind wins). */
export function readStructuredResults(metrics: readonly unknown[]): StructuredResults {
  const out: StructuredResults = { values: {} };
  for (const item of metrics) {
    const m = record(item) as MetricLike | null;
    if (!m || typeof m.name !== 'string') continue;
    if (typeof m.value === 'number' && Number.isFinite(m.value)) out.values[m.name] ??= m.value;
    const r = record(m.result);
    if (!r) continue;
    if (m.name === 'confusionMatrix' && !out.confusionMatrix) {
      const matrix = r.matrix;
      if (Array.isArray(matrix) && matrix.every(isNumbers) && Array.isArray(r.labels)) {
        out.confusionMatrix = { matrix, labels: r.labels.map(String) };
      }
    } else if (m.name === 'groupMetrics' && !out.groupMetrics) {
      const groups = Array.isArray(r.groups) ? r.groups.map(record) : [];
      const overall = summaryOf(record(r.overall));
      const rows = groups.map((g) => (g ? { ...summaryOf(g), group: String(g.group) } : null));
      if (overall && rows.length > 0 && rows.every((g) => g && g.count !== undefined)) {
        out.groupMetrics = {
          overall,
          groups: rows as (GroupSummary & { group: string })[],
        };
      }
    } else if (m.name === 'rocCurve' && !out.rocCurve && isNumbers(r.fpr) && isNumbers(r.tpr)) {
      out.rocCurve = { fpr: r.fpr, tpr: r.tpr };
    } else if (
      m.name === 'precisionRecallCurve' &&
      !out.precisionRecallCurve &&
      isNumbers(r.precision) &&
      isNumbers(r.recall)
    ) {
      out.precisionRecallCurve = { precision: r.precision, recall: r.recall };
    } else if (
      m.name === 'calibrationCurve' &&
      !out.calibrationCurve &&
      isNumbers(r.probTrue) &&
      isNumbers(r.probPred) &&
      isNumbers(r.counts)
    ) {
      out.calibrationCurve = { probTrue: r.probTrue, probPred: r.probPred, counts: r.counts };
    } else if (m.name === 'residuals' && !out.residuals) {
      const points = record(r.points);
      const histogram = record(r.histogram);
      if (
        typeof r.n === 'number' &&
        typeof r.mean === 'number' &&
        typeof r.std === 'number' &&
        points &&
        isNumbers(points.rows) &&
        isNumbers(points.predicted) &&
        isNumbers(points.residual) &&
        histogram &&
        isNumbers(histogram.edges) &&
        isNumbers(histogram.counts)
      ) {
        out.residuals = {
          n: r.n,
          mean: r.mean,
          std: r.std,
          points: { rows: points.rows, predicted: points.predicted, residual: points.residual },
          histogram: { edges: histogram.edges, counts: histogram.counts },
        };
      }
    }
  }
  return out;
}

export const hasStructuredResults = (s: StructuredResults) =>
  Boolean(
    s.confusionMatrix ||
      s.rocCurve ||
      s.precisionRecallCurve ||
      s.calibrationCurve ||
      s.groupMetrics ||
      s.residuals,
  );

function summaryOf(r: Record<string, unknown> | null): GroupSummary | null {
  if (!r) return null;
  const { count, accuracy, recall, selectionRate } = r;
  return [count, accuracy, recall, selectionRate].every((v) => typeof v === 'number')
    ? ({ count, accuracy, recall, selectionRate } as GroupSummary)
    : null;
}

/**
 * The area under a ROC curve by the trapezoidal rule, as scikit-learn's `auc(fpr, tpr)` computes
 * it (the curve's points are in increasing fpr).
 */
export function trapezoidArea(x: readonly number[], y: readonly number[]): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) {
    area +=
      ((x[i] as number) - (x[i - 1] as number)) * (((y[i] as number) + (y[i - 1] as number)) / 2);
  }
  return Math.abs(area);
}

/**
 * Average precision from a precision–recall curve: Σ (Rₙ − Rₙ₊₁) · Pₙ over the points in the
 * core's order (recall decreasing), scikit-learn's `average_precision_score` step sum.
 */
export function averagePrecisionOf(curve: PrCurveResult): number {
  let ap = 0;
  for (let i = 0; i + 1 < curve.recall.length; i++) {
    ap +=
      ((curve.recall[i] as number) - (curve.recall[i + 1] as number)) *
      (curve.precision[i] as number);
  }
  return ap;
}
