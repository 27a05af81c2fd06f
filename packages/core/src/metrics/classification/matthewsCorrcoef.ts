import { z } from 'zod';
import { assertSampleWeight } from '../../guards/index.js';
import { type Label, uniqueLabels } from '../../labels/index.js';
import { ZValueResultSchema } from '../../schemas/index.js';
import { defineMetric } from '../defineMetric.js';
import { checkLabelPair } from './checkLabelPair.js';
import { classTotals } from './classTotals.js';
import { ZLabelPairInputSchema } from './schemas.js';

export interface MatthewsCorrcoefOptions {
  /** Per-sample weights (≥ 0). @default undefined (all 1) */
  sampleWeight?: readonly number[];
}

/**
 * Matthews correlation coefficient, multiclass (Gorodkin's R_K):
 * (c·s − Σₖ pₖtₖ) / √((s² − Σₖ pₖ²)(s² − Σₖ tₖ²)), with c the correct predictions, s the
 * samples, tₖ/pₖ the true/predicted counts of class k. For two classes it is the usual
 * (tp·tn − fp·fn)/√(…).
 *
 * Reference: scikit-learn 1.2.1 `sklearn.metrics.matthews_corrcoef`, which returns 0 (not NaN)
 * when the denominator is 0 (one class only in yTrue or in yPred).
 */
export function matthewsCorrcoef(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: MatthewsCorrcoefOptions = {},
): number {
  const { sampleWeight } = options;
  checkLabelPair(yTrue, yPred);
  assertSampleWeight(sampleWeight, yTrue.length);
  const labels = uniqueLabels(yTrue, yPred);
  const { tp, predSum, trueSum } = classTotals(yTrue, yPred, labels, sampleWeight);
  let correct = 0;
  let samples = 0;
  let tp2 = 0;
  let pp = 0;
  let tt = 0;
  for (let k = 0; k < labels.length; k++) {
    const t = trueSum[k] as number;
    const p = predSum[k] as number;
    correct += tp[k] as number;
    samples += p;
    tp2 += t * p;
    pp += p * p;
    tt += t * t;
  }
  const covTP = correct * samples - tp2;
  const covPP = samples * samples - pp;
  const covTT = samples * samples - tt;
  if (covPP * covTT === 0) return 0;
  return covTP / Math.sqrt(covTT * covPP);
}

export const matthewsCorrcoefMetric = defineMetric({
  name: 'matthewsCorrcoef',
  family: 'classification',
  description:
    'Matthews correlation coefficient (multiclass R_K); 0 when undefined (scikit-learn matthews_corrcoef).',
  input: ZLabelPairInputSchema,
  params: z.strictObject({}),
  result: ZValueResultSchema,
  compute: (input) => ({
    value: matthewsCorrcoef(input.yTrue, input.yPred, { sampleWeight: input.sampleWeight }),
  }),
});
