import { InvalidInputError } from '../../errors/index.js';
import { computeMetric, getMetric } from '../../metrics/computeMetric.js';
import { assembleScore } from '../../metrics/regression/schemas.js';
import type { MetricResult } from '../../metrics/types.js';
import { canonical } from '../canonical.js';
import { EVALUATION_SIGNATURE_VERSION, located } from '../evaluateModel.js';
import type { EvaluatedMetric, ModelEvaluation, PredictionSummary } from '../types.js';
import { centeredSumOfSquares, roundExpansion } from './exactSum.js';
import { mergeShardStates } from './mergeShardStates.js';
import type { EvaluationShardState, MetricShardState, SummaryShardState } from './types.js';

function finishMetric(
  name: string,
  params: Record<string, unknown>,
  state: MetricShardState,
): MetricResult {
  if (state.kind === 'counts') {
    // sorted by their text, so that any merge order gives the metric the same input
    const tuples = state.tuples
      .map(([tuple, count]) => ({ key: JSON.stringify(tuple), tuple, count }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const input: Record<string, unknown> = {};
    state.fields.forEach((field, f) => {
      input[field] = tuples.map((t) => t.tuple[f]);
    });
    input.sampleWeight = tuples.map((t) => t.count);
    return computeMetric(name, input, params);
  }
  const { n } = state;
  if (n === 0) {
    const message = 'yTrue is empty; expected at least one value';
    throw new InvalidInputError(message, [{ path: ['yTrue'], message }]);
  }
  const squared = roundExpansion(state.squaredError);
  switch (name) {
    case 'mae':
      return { value: roundExpansion(state.absError) / n };
    case 'mse':
      return { value: squared / n };
    case 'rmse':
      return { value: Math.sqrt(squared / n) };
    case 'mape':
      return { value: roundExpansion(state.absPercentError) / n };
    case 'explainedVariance': {
      // scikit-learn's 1 − Var(y − ŷ) / Var(y), both variances from exact sums
      const { forceFinite } = getMetric('explainedVariance').params.parse(params) as {
        forceFinite: boolean;
      };
      const numerator = centeredSumOfSquares(n, state.error, state.errorSquares) / n;
      const denominator = centeredSumOfSquares(n, state.sumTrue, state.sumTrueSquares) / n;
      return { value: assembleScore(numerator, denominator, forceFinite) };
    }
    case 'r2': {
      const { forceFinite } = getMetric('r2').params.parse(params) as { forceFinite: boolean };
      if (n < 2) return { value: Number.NaN };
      const denominator = centeredSumOfSquares(n, state.sumTrue, state.sumTrueSquares);
      return { value: assembleScore(squared, denominator, forceFinite) };
    }
    default:
      throw new InvalidInputError(`metric '${name}' has no summed form`, [
        { path: ['metrics'], message: `metric '${name}' has no summed form` },
      ]);
  }
}

function finishSummary(summary: SummaryShardState, rows: number): PredictionSummary {
  if (summary.task === 'regression') {
    const { n } = summary;
    return {
      task: 'regression',
      mean: roundExpansion(summary.sum) / n,
      std: Math.sqrt(centeredSumOfSquares(n, summary.sum, summary.sumSquares) / n),
      min: summary.min ?? Number.NaN,
      max: summary.max ?? Number.NaN,
    };
  }
  return {
    task: summary.task,
    classes: summary.classes.map((label, c) => ({
      label,
      actual: summary.actual[c] as number,
      predicted: summary.predicted[c] as number,
      meanProbability: roundExpansion(summary.probability[c] ?? []) / rows,
    })),
  };
}

/**
 * The report `evaluateModel` gives on all the rows the shards cover, from their states (merged
 * first with {@link mergeShardStates}), without confidence intervals. Exactness against
 * `evaluateModel` on the same rows, per metric:
 * - counted metrics (accuracy, precision, recall, f1, fbeta, confusionMatrix, balancedAccuracy,
 *   cohenKappa, matthewsCorrcoef, rocAuc, averagePrecision, rocCurve, precisionRecallCurve): the same value bit for bit — the
 *   metric receives each distinct tuple once with its count as `sampleWeight`, and every sum it
 *   forms is of integers (< 2^53, so exact in any order); ROC AUC's and average precision's
 *   cumulative true and false positive counts at each distinct score are the same integers, so
 *   their curves and areas are the same doubles;
 * - logLoss, brierScore: the weighted mean of the same per-row terms, within 1e-12 relative;
 * - mae, mse, rmse, r2, explainedVariance, mape and the regression summary's mean and std: exact sums rounded once
 *   (`exactSum.ts`), so they are at least as accurate as the unsharded naive sums; the two agree
 *   within 1e-12 relative (the unsharded sum's own rounding error);
 * - class counts, min and max: exact; mean probabilities: within 1e-12 relative.
 * @throws InvalidInputError when no shard is given, the shards disagree, they cover no row, or a
 * metric refuses the merged input (as it would the whole table's, e.g. ROC AUC of one class)
 */
export function finishShardedEvaluation(states: readonly EvaluationShardState[]): ModelEvaluation {
  const started = performance.now();
  const merged = mergeShardStates(states);
  if (merged.rows === 0) {
    const message = 'the shards cover no rows; at least one is required';
    throw new InvalidInputError(message, [{ path: ['table'], message }]);
  }
  const metrics: EvaluatedMetric[] = merged.metrics.map(({ name, params, state }, i) => {
    const result = located(name, i, () => finishMetric(name, params, state));
    const value = typeof result.value === 'number' ? result.value : null;
    const signature = [
      `metric:${name}`,
      `params:${canonical(params)}`,
      `model:${merged.model}`,
      `target:${merged.target}`,
      `n:${merged.rows}`,
      `version:${EVALUATION_SIGNATURE_VERSION}`,
    ].join('|');
    return { name, params, value, result, signature };
  });
  const metricsMs = performance.now() - started;
  return {
    task: merged.task,
    model: merged.model,
    target: merged.target,
    features: merged.features,
    rows: merged.rows,
    predictions: finishSummary(merged.summary, merged.rows),
    metrics,
    timing: {
      totalMs: merged.timing.totalMs + metricsMs,
      predictMs: merged.timing.predictMs,
      metricsMs,
      modelCalls: merged.timing.modelCalls,
    },
  };
}
