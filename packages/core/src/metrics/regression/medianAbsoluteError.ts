import { z } from 'zod';
import { ZValueResultSchema } from '../../schemas/index.js';
import { defineMetric } from '../defineMetric.js';
import { checkRegressionPair } from './checkRegressionPair.js';
import { type RegressionOptions, ZRegressionInputSchema } from './schemas.js';

/**
 * Median absolute error: the median of |yᵢ − ŷᵢ|, robust to outliers.
 *
 * Reference: scikit-learn 1.2.1 `sklearn.metrics.median_absolute_error(y_true, y_pred,
 * sample_weight)`. Without weights it is NumPy's median (the mean of the two middle errors for an
 * even count). **With weights** scikit-learn switches to `_weighted_percentile(errors, w, 50)`: the
 * lower weighted median, i.e. the first sorted error whose cumulative weight reaches half the
 * total, never an average; so unit weights can give a different value than no weights.
 */
export function medianAbsoluteError(
  yTrue: readonly number[],
  yPred: readonly number[],
  options: RegressionOptions = {},
): number {
  const { sampleWeight } = options;
  checkRegressionPair(yTrue, yPred, sampleWeight);
  const n = yTrue.length;
  const errors = new Float64Array(n);
  for (let i = 0; i < n; i++) errors[i] = Math.abs((yPred[i] as number) - (yTrue[i] as number));
  if (sampleWeight === undefined) {
    errors.sort();
    const mid = n >> 1;
    return n % 2 === 1
      ? (errors[mid] as number)
      : ((errors[mid - 1] as number) + (errors[mid] as number)) / 2;
  }
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (errors[a] as number) - (errors[b] as number),
  );
  let total = 0;
  for (let i = 0; i < n; i++) total += sampleWeight[i] as number;
  const half = 0.5 * total;
  let cumulative = 0;
  for (let k = 0; k < n; k++) {
    const idx = order[k] as number;
    cumulative += sampleWeight[idx] as number;
    if (cumulative >= half) return errors[idx] as number;
  }
  return errors[order[n - 1] as number] as number;
}

export const medianAbsoluteErrorMetric = defineMetric({
  name: 'medianAbsoluteError',
  family: 'regression',
  description:
    'Median of the absolute errors; with weights the lower weighted median (scikit-learn median_absolute_error).',
  input: ZRegressionInputSchema,
  params: z.strictObject({}),
  result: ZValueResultSchema,
  compute: (input) => ({
    value: medianAbsoluteError(input.yTrue, input.yPred, { sampleWeight: input.sampleWeight }),
  }),
});
