import { InvalidInputError } from '../../errors/index.js';
import type { Matrix } from '../../linalg/matrix.js';
import { transformRaw } from '../featurize/transform.js';
import type { AutoMlModel } from './artifact.js';

/** SHAP values of raw columns (see {@link rawShapValues}). */
export interface RawShapValues {
  /** `rows × columns × outputs`, row-major; columns are the model's raw features. */
  readonly values: Float64Array;
  readonly expectedValue: Float64Array;
  readonly outputs: number;
  readonly columns: readonly string[];
  readonly space: 'raw' | 'probability';
}

/**
 * Exact SHAP values of an AutoML model whose learner has them (tree families: Tree SHAP), on
 * raw columns: the learner explains the engineered features, and each raw column gets the sum
 * over the features made from it (one-hot or hashed columns, indicators, date parts). SHAP values are
 * additive, so the sums still add up with `expectedValue` to the model's output — the way shap
 * users group one-hot features back to their column.
 * @param x raw codes, as `predict` reads them.
 * @throws InvalidInputError when the learner has no exact explainer (use the kernel or
 * permutation explainers, which work on raw columns directly).
 */
export function rawShapValues(model: AutoMlModel, x: Matrix): RawShapValues {
  const { learner, featurizer } = model;
  if (learner.shapValues === undefined) {
    const message = `the ${learner.family} learner has no exact SHAP values; use the kernel or permutation explainer`;
    throw new InvalidInputError(message, [{ path: ['model'], message }]);
  }
  const engineered = transformRaw(featurizer, x.data, x.rows);
  const shap = learner.shapValues(engineered, x.rows);
  const inCols = featurizer.outputs.length;
  const rawCols = featurizer.columns.length;
  const { outputs } = shap;
  const values = new Float64Array(x.rows * rawCols * outputs);
  for (let i = 0; i < x.rows; i++) {
    for (let k = 0; k < inCols; k++) {
      const j = featurizer.sources[k] as number;
      for (let o = 0; o < outputs; o++) {
        const to = (i * rawCols + j) * outputs + o;
        values[to] =
          (values[to] as number) + (shap.values[(i * inCols + k) * outputs + o] as number);
      }
    }
  }
  return {
    values,
    expectedValue: shap.expectedValue,
    outputs,
    columns: featurizer.columns.map((c) => c.name),
    space: shap.space,
  };
}
