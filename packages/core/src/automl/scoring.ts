import { accuracyScore } from '../metrics/classification/accuracy.js';
import { f1Score } from '../metrics/classification/f1.js';
import { logLoss } from '../metrics/classification/logLoss.js';
import { rocAucScore } from '../metrics/classification/rocAuc.js';
import { meanAbsoluteError } from '../metrics/regression/mae.js';
import { meanSquaredError } from '../metrics/regression/mse.js';
import { r2Score } from '../metrics/regression/r2.js';
import type { AutoMlTask } from './learners/types.js';

/** The metrics a run may optimise: the core's metrics (scikit-learn's definitions). */
export const AUTOML_METRICS = [
  'accuracy',
  'f1_macro',
  'log_loss',
  'roc_auc',
  'r2',
  'rmse',
  'mae',
] as const;
export type AutoMlMetric = (typeof AUTOML_METRICS)[number];

const CLASSIFICATION_METRICS: readonly AutoMlMetric[] = [
  'accuracy',
  'f1_macro',
  'log_loss',
  'roc_auc',
];

/** True when higher values of the metric are better (the search minimises the negation). */
export const greaterIsBetter = (metric: AutoMlMetric): boolean =>
  !['log_loss', 'rmse', 'mae'].includes(metric);

/** The metric a run optimises when the caller names none: Azure's defaults by task. */
export function defaultMetric(task: AutoMlTask): AutoMlMetric {
  return task === 'regression' ? 'r2' : 'accuracy';
}

/** Whether the metric applies to the task (classification metrics to classifiers only). */
export const metricFits = (metric: AutoMlMetric, task: AutoMlTask): boolean =>
  CLASSIFICATION_METRICS.includes(metric) === (task !== 'regression');

/**
 * Scores a fold: `predictions` are a learner's output (`rows` values for regression, `rows ×
 * nClasses` probabilities otherwise); `y` class indices or values.
 */
export function scoreFold(
  metric: AutoMlMetric,
  task: AutoMlTask,
  nClasses: number,
  y: Float64Array,
  predictions: Float64Array,
): number {
  const n = y.length;
  if (task === 'regression') {
    const t = Array.from(y);
    const p = Array.from(predictions);
    if (metric === 'r2') return r2Score(t, p);
    if (metric === 'mae') return meanAbsoluteError(t, p);
    return Math.sqrt(meanSquaredError(t, p));
  }
  const labels = Array.from(y);
  const rows = Array.from({ length: n }, (_, i) =>
    Array.from(predictions.subarray(i * nClasses, (i + 1) * nClasses)),
  );
  const predicted = rows.map((r) => r.indexOf(Math.max(...r)));
  switch (metric) {
    case 'accuracy':
      return accuracyScore(labels, predicted);
    case 'f1_macro':
      return f1Score(labels, predicted, { average: 'macro' });
    case 'log_loss':
      return logLoss(labels, rows, { labels: Array.from({ length: nClasses }, (_, k) => k) });
    default:
      return nClasses === 2
        ? rocAucScore(
            labels,
            rows.map((r) => r[1] as number),
          )
        : rocAucScore(labels, rows, { multiClass: 'ovr' });
  }
}
