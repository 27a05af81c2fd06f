import { InvalidInputError } from '../../errors/index.js';
import type { EvaluationConfidence, EvaluationMetricRequest } from '../types.js';

/**
 * Metrics whose value is a function of the multiset of per-row (label, prediction or score)
 * tuples and that take a `sampleWeight`: a sharded run keeps their distinct tuples with counts.
 * All of them are computed from integer-valued weighted sums, so the merged value is the
 * unsharded one bit for bit, except `logLoss` and `brierScore` (a weighted mean of per-row
 * losses: the same terms summed in another order and multiplied by their counts, within 1e-12
 * relative). The ROC and precision–recall curves are the same points, bit for bit: their
 * cumulative counts at each distinct score are the same integers. `calibrationCurve` stays
 * refused (it takes no `sampleWeight`).
 */
export const COUNTED_SHARD_METRICS = [
  'accuracy',
  'averagePrecision',
  'balancedAccuracy',
  'brierScore',
  'cohenKappa',
  'confusionMatrix',
  'f1',
  'fbeta',
  'logLoss',
  'matthewsCorrcoef',
  'precision',
  'precisionRecallCurve',
  'recall',
  'rocAuc',
  'rocCurve',
] as const;

/**
 * Regression metrics finished from exact sums (Σ|e|, Σe², Σe, Σy, Σy², Σ|e|/|y|, e = y − ŷ).
 * `medianAbsoluteError` stays refused: a median has no state smaller than every error.
 */
export const SUMMED_SHARD_METRICS = [
  'explainedVariance',
  'mae',
  'mape',
  'mse',
  'rmse',
  'r2',
] as const;

/** Every metric a sharded batch test can compute. */
export const SHARDABLE_METRICS: readonly string[] = [
  ...COUNTED_SHARD_METRICS,
  ...SUMMED_SHARD_METRICS,
].sort();

function fail(message: string, path: (string | number)[]): never {
  throw new InvalidInputError(message, [{ path, message }]);
}

/**
 * Refuses what a sharded batch test cannot merge, before anything is predicted: confidence
 * intervals (the bootstrap resamples rows of the whole dataset), metrics without a mergeable
 * form (named in the message, e.g. `medianAbsoluteError`, ranking or bias metrics) and metrics
 * fed from mapped columns (`inputs`, e.g. a `sampleWeight` column).
 * @throws InvalidInputError naming every refused metric
 */
export function checkShardableRequest(request: {
  metrics: readonly EvaluationMetricRequest[];
  confidence?: EvaluationConfidence | undefined;
}): void {
  if (request.confidence !== undefined) {
    fail(
      'confidence intervals cannot be merged across shards (the bootstrap resamples rows of the whole dataset); ask for a sharded batch test without confidence, or an unsharded one',
      ['confidence'],
    );
  }
  const refused = request.metrics
    .map((m, i) => ({ name: m.name, i }))
    .filter(({ name }) => !SHARDABLE_METRICS.includes(name));
  if (refused.length > 0) {
    fail(
      `metric${refused.length === 1 ? '' : 's'} ${refused.map((r) => `'${r.name}'`).join(', ')} ha${refused.length === 1 ? 's' : 've'} no mergeable form and cannot run sharded; shardable metrics: ${SHARDABLE_METRICS.join(', ')}`,
      ['metrics', (refused[0] as { i: number }).i, 'name'],
    );
  }
  request.metrics.forEach((m, i) => {
    if (m.inputs !== undefined && Object.keys(m.inputs).length > 0) {
      fail(
        `metric '${m.name}' maps columns with inputs (${Object.keys(m.inputs).join(', ')}), which a sharded batch test does not merge; drop inputs or run unsharded`,
        ['metrics', i, 'inputs'],
      );
    }
  });
}
