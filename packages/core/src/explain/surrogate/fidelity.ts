import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import { compareLabels, type Label, uniqueLabels } from '../../labels/index.js';
import { accuracyScore } from '../../metrics/classification/accuracy.js';
import { f1Score } from '../../metrics/classification/f1.js';
import { r2Score } from '../../metrics/regression/r2.js';
import { rootMeanSquaredError } from '../../metrics/regression/rmse.js';
import { ZLabelsSchema } from '../../schemas/index.js';
import { makeSignature } from '../signature.js';
import type { ExplainerDefinition, Explanation } from '../types.js';

/**
 * How faithfully a surrogate copies the black box, with the black box as the truth (the mimic
 * explainer's measures): regression → R² and RMSE; classification → accuracy (agreement rate)
 * and F1 (binary F1 of the larger sorted label with two classes, else macro F1).
 *
 * Reference: scikit-learn 1.2.1 `r2_score`, `mean_squared_error(squared=False)`,
 * `accuracy_score`, `f1_score`; interpret-community's `MimicExplainer` (fidelity of a global
 * surrogate).
 *
 * @throws InvalidInputError when the two arrays differ in length or are empty.
 */
export function surrogateFidelity(
  blackBox: readonly Label[],
  surrogate: readonly Label[],
  task: 'regression' | 'classification',
): Record<string, number> {
  if (blackBox.length !== surrogate.length) {
    const message = `length mismatch: blackBoxPredictions has ${blackBox.length} values but surrogatePredictions has ${surrogate.length}`;
    throw new InvalidInputError(message, [{ path: ['surrogatePredictions'], message }]);
  }
  if (blackBox.length === 0) {
    throw new InvalidInputError('blackBoxPredictions is empty; at least one sample is required');
  }
  if (task === 'regression') {
    const bb = blackBox as readonly number[];
    const sp = surrogate as readonly number[];
    if (typeof bb[0] !== 'number' || typeof sp[0] !== 'number') {
      throw new InvalidInputError('regression fidelity needs numeric predictions');
    }
    return { r2: r2Score(bb, sp), rmse: rootMeanSquaredError(bb, sp) };
  }
  const labels = uniqueLabels(blackBox, surrogate).sort(compareLabels);
  const f1 =
    labels.length === 2
      ? f1Score(blackBox, surrogate, { average: 'binary', posLabel: labels[1] as Label })
      : f1Score(blackBox, surrogate, { average: 'macro' });
  return { accuracy: accuracyScore(blackBox, surrogate), f1 };
}

export const ZSurrogateFidelityInputSchema = z.strictObject({
  blackBoxPredictions: ZLabelsSchema,
  surrogatePredictions: ZLabelsSchema,
});
export const ZSurrogateFidelityParamsSchema = z.strictObject({
  task: z.enum(['regression', 'classification']).default('regression'),
});

export const surrogateFidelityExplainer: ExplainerDefinition<
  z.output<typeof ZSurrogateFidelityInputSchema>,
  z.output<typeof ZSurrogateFidelityParamsSchema>
> = {
  name: 'surrogateFidelity',
  description:
    'Fidelity of a surrogate to the black box: R² and RMSE (regression) or accuracy and F1 (classification).',
  input: ZSurrogateFidelityInputSchema,
  params: ZSurrogateFidelityParamsSchema,
  run: async (input, params) => {
    const t0 = performance.now();
    const fidelity = surrogateFidelity(
      input.blackBoxPredictions,
      input.surrogatePredictions,
      params.task,
    );
    const totalMs = performance.now() - t0;
    return {
      method: 'surrogateFidelity',
      algorithm: params.task,
      params,
      seed: null,
      featureNames: [],
      values: [],
      globalImportance: [],
      baseValue: null,
      additivity: null,
      fidelity,
      ...fidelity,
      timing: { totalMs, modelMs: 0, modelCalls: 0, modelRows: 0, modelShare: 0 },
      signature: makeSignature({
        method: 'fidelity',
        task: params.task,
        n: input.blackBoxPredictions.length,
      }),
    } satisfies Explanation;
  },
};
