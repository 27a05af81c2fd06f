import { z } from 'zod';
import { assertSampleWeight } from '../../guards/index.js';
import type { Label } from '../../labels/index.js';
import { ZLabelsSchema } from '../../schemas/index.js';
import { defineMetric } from '../defineMetric.js';
import { checkLabelPair } from './checkLabelPair.js';
import { confusionCounts } from './confusionCounts.js';
import { resolveLabels } from './resolveLabels.js';
import { ZLabelPairInputSchema } from './schemas.js';

export interface ConfusionMatrixOptions {
  /**
   * Row/column order. Listed labels absent from the data give zero rows and columns; samples
   * whose true or predicted label is not listed are dropped.
   * @default the sorted union of yTrue and yPred
   */
  labels?: readonly Label[];
  /** Per-sample weights (≥ 0). @default undefined (all 1) */
  sampleWeight?: readonly number[];
  /**
   * Divide by the row sums (`true`), the column sums (`pred`) or the total (`all`); 0/0 cells
   * become 0. @default undefined (counts)
   */
  normalize?: 'true' | 'pred' | 'all';
}

export type ConfusionMatrix = {
  /** matrix[i][j]: samples with true label labels[i] predicted as labels[j]. */
  matrix: number[][];
  labels: Label[];
};

/**
 * The confusion matrix: rows are true labels, columns predicted labels.
 *
 * Reference: scikit-learn 1.2.1 `sklearn.metrics.confusion_matrix(y_true, y_pred, labels,
 * sample_weight, normalize)`. Labels sort numerically (2, 9, 10) or by code point.
 *
 * @throws InvalidInputError on mismatched or empty input, mixed label types, an empty or repeated
 * `labels`, or `labels` none of which occurs in yTrue (scikit-learn: "At least one label specified
 * must be in y_true").
 */
export function confusionMatrix(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: ConfusionMatrixOptions = {},
): ConfusionMatrix {
  const { sampleWeight, normalize } = options;
  checkLabelPair(yTrue, yPred);
  assertSampleWeight(sampleWeight, yTrue.length);
  const labels = resolveLabels(yTrue, yPred, options.labels);
  const k = labels.length;
  const counts = confusionCounts(yTrue, yPred, labels, sampleWeight);
  const rowSums = new Float64Array(k);
  const colSums = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const c = counts[i * k + j] as number;
      rowSums[i] = (rowSums[i] as number) + c;
      colSums[j] = (colSums[j] as number) + c;
      total += c;
    }
  }
  const matrix: number[][] = [];
  for (let i = 0; i < k; i++) {
    const row: number[] = [];
    for (let j = 0; j < k; j++) {
      const c = counts[i * k + j] as number;
      const d =
        normalize === 'true'
          ? (rowSums[i] as number)
          : normalize === 'pred'
            ? (colSums[j] as number)
            : normalize === 'all'
              ? total
              : 1;
      row.push(d === 0 ? 0 : c / d);
    }
    matrix.push(row);
  }
  return { matrix, labels };
}

export const ZConfusionMatrixParamsSchema = z.strictObject({
  labels: ZLabelsSchema.optional().meta({
    description: 'Row/column order; unlisted labels are dropped. Default: sorted union.',
  }),
  normalize: z
    .enum(['true', 'pred', 'all'])
    .optional()
    .meta({ description: 'Normalise over true rows, predicted columns or all samples.' }),
});

export const confusionMatrixMetric = defineMetric({
  name: 'confusionMatrix',
  family: 'classification',
  description:
    'Confusion matrix: rows = true labels, columns = predicted labels (scikit-learn confusion_matrix).',
  input: ZLabelPairInputSchema,
  params: ZConfusionMatrixParamsSchema,
  result: z.object({ matrix: z.array(z.array(z.number())), labels: ZLabelsSchema }),
  compute: (input, params) =>
    confusionMatrix(input.yTrue, input.yPred, { ...params, sampleWeight: input.sampleWeight }),
});
