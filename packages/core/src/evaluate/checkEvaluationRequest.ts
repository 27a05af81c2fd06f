import { InvalidInputError } from '../errors/index.js';
import { listMetrics } from '../metrics/computeMetric.js';
import type { EvaluationMetricRequest } from './types.js';

/** The metric families a batch test scores (one model's predictions on a table). */
const EVALUATED_FAMILIES = new Set(['classification', 'regression', 'bias']);

let families: Map<string, string> | undefined;

/** Metric name → family, for every registered metric. */
function metricFamilies(): Map<string, string> {
  families ??= new Map(listMetrics().map((m) => [m.name, m.family]));
  return families;
}

/**
 * Checks what can be checked of a batch test before a model is loaded or a job is queued, from
 * the request and the dataset's column names alone:
 *
 * - every metric is a registered classification, regression or bias metric (an unknown name is
 *   an invalid request here, not a missing resource: the message lists the names that exist);
 * - the target, the `features` and every column a metric's `inputs` maps are columns of the
 *   dataset (the message lists its columns).
 *
 * {@link evaluateModel} runs the same checks; the API runs them before it queues a job, so that
 * a misspelt name fails the request instead of a job.
 *
 * @example checkEvaluationRequest({ target: 'y', metrics: [{ name: 'acuracy' }] }, ['x', 'y'])
 * // throws: metrics[0].name is 'acuracy', which is not a metric a batch test computes; known: accuracy, …
 * @throws InvalidInputError naming each unknown metric and each missing column.
 */
export function checkEvaluationRequest(
  request: {
    target: string;
    features?: readonly string[] | undefined;
    metrics: readonly EvaluationMetricRequest[];
  },
  columns: readonly string[],
): void {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const registered = metricFamilies();
  const known = [...registered].filter(([, f]) => EVALUATED_FAMILIES.has(f)).map(([n]) => n);
  const unknown: string[] = [];
  const misfits: string[] = [];
  request.metrics.forEach((metric, i) => {
    const family = registered.get(metric.name);
    const path = ['metrics', i, 'name'];
    if (family === undefined) {
      unknown.push(metric.name);
      issues.push({ path, message: `'${metric.name}' is not a registered metric` });
    } else if (!EVALUATED_FAMILIES.has(family)) {
      const message = `metric '${metric.name}' (${family}) does not score one model's predictions on a table; a batch test computes classification, regression and bias metrics`;
      misfits.push(message);
      issues.push({ path, message });
    }
  });
  const present = new Set(columns);
  const columnList = columns.map((c) => `'${c}'`).join(', ');
  const missing: string[] = [];
  const need = (name: string, path: (string | number)[], what: string) => {
    if (present.has(name)) return;
    missing.push(name);
    issues.push({ path, message: `${what} '${name}' is not a column of the dataset` });
  };
  need(request.target, ['target'], 'target');
  request.features?.forEach((name, j) => {
    need(name, ['features', j], 'feature');
  });
  request.metrics.forEach((metric, i) => {
    for (const [field, column] of Object.entries(metric.inputs ?? {})) {
      need(column, ['metrics', i, 'inputs', field], `${field} column`);
    }
  });
  if (issues.length === 0) return;
  const parts: string[] = [...misfits];
  if (unknown.length > 0) {
    parts.push(
      `unknown metric${unknown.length === 1 ? '' : 's'} ${unknown.map((n) => `'${n}'`).join(', ')}; the metrics a batch test computes are ${known.join(', ')}`,
    );
  }
  if (missing.length > 0) {
    parts.push(
      `the dataset has no column${missing.length === 1 ? '' : 's'} ${missing.map((n) => `'${n}'`).join(', ')}; its columns are ${columnList}`,
    );
  }
  throw new InvalidInputError(parts.join('. '), issues);
}
