import { histGradientBoosting } from '../../automl/learners/histGradientBoosting.js';
import { randomForest } from '../../automl/learners/randomForest.js';
import type { FittedLearner, TrainingSet } from '../../automl/learners/types.js';
import type { Label } from '../../labels/index.js';
import type { Matrix } from '../../linalg/index.js';

/** Rows whose SHAP values make the importances (the first ones): Tree SHAP costs leaves × depth² per row and tree. */
const SHAP_ROWS = 500;

export interface TreeEnsembleSurrogate {
  predict(m: Matrix): Label[];
  /** Mean |SHAP| per feature over the first {@link SHAP_ROWS} training rows (averaged over outputs). */
  importances: number[];
  /** The SHAP base value per output and the space it is in. */
  expectedValue: number[];
  shapSpace: 'raw' | 'probability';
}

/**
 * A tree-ensemble surrogate for the mimic explainer: AutoML's `random_forest` (trees of at most
 * `maxDepth` with `minSamplesLeaf` rows per leaf, 100 of them, scikit-learn's `RandomForest*`
 * defaults otherwise) or `hist_gbm` (scikit-learn's `HistGradientBoosting*` defaults: 100 rounds,
 * 31 leaves, learning rate 0.1; `minSamplesLeaf` rows per leaf, at least 2), fitted to the black
 * box's predictions (class indices of `classes`, or values). Its global importances are the mean
 * absolute exact Tree SHAP values (Lundberg et al. 2018; shap's `TreeExplainer`,
 * tree_path_dependent), which sum with the base value to the surrogate's output row by row.
 */
export async function fitTreeEnsembleSurrogate(
  kind: 'random_forest' | 'hist_gbm',
  train: Matrix,
  y: Float64Array,
  classes: readonly Label[] | undefined,
  options: { maxDepth: number; minSamplesLeaf: number; seed: number },
): Promise<TreeEnsembleSurrogate> {
  const nClasses = classes?.length ?? 0;
  const set: TrainingSet = {
    x: train.data,
    rows: train.rows,
    cols: train.cols,
    y,
    task: classes === undefined ? 'regression' : nClasses === 2 ? 'binary' : 'multiclass',
    nClasses,
  };
  const model: FittedLearner =
    kind === 'random_forest'
      ? await randomForest.fit(
          set,
          {
            n_estimators: 100,
            max_depth: options.maxDepth,
            min_samples_leaf: Math.min(64, options.minSamplesLeaf),
            max_features: classes === undefined ? 1 : Math.max(0.1, 1 / Math.sqrt(train.cols)),
          },
          { seed: options.seed },
        )
      : await histGradientBoosting.fit(
          set,
          {
            max_iter: 100,
            learning_rate: 0.1,
            max_leaf_nodes: 31,
            min_samples_leaf: Math.max(2, Math.min(256, options.minSamplesLeaf)),
            l2_regularization: 1 / 1024,
          },
          { seed: options.seed },
        );

  const rows = Math.min(SHAP_ROWS, train.rows);
  const shap = model.shapValues?.(train.data.subarray(0, rows * train.cols), rows);
  if (shap === undefined) throw new Error(`the ${kind} learner gives no SHAP values`);
  const importances = new Array<number>(train.cols).fill(0);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < train.cols; f++) {
      for (let k = 0; k < shap.outputs; k++) {
        importances[f] =
          (importances[f] as number) +
          Math.abs(shap.values[(r * train.cols + f) * shap.outputs + k] as number);
      }
    }
  }
  for (let f = 0; f < train.cols; f++)
    importances[f] = (importances[f] as number) / (rows * shap.outputs);

  const predict = (m: Matrix): Label[] => {
    const out = model.predict(m.data, m.rows);
    if (classes === undefined) return Array.from(out);
    return Array.from({ length: m.rows }, (_, i) => {
      // The most probable class; ties go to the first, as numpy.argmax.
      let best = 0;
      for (let c = 1; c < nClasses; c++)
        if ((out[i * nClasses + c] as number) > (out[i * nClasses + best] as number)) best = c;
      return classes[best] as Label;
    });
  };
  return {
    predict,
    importances,
    expectedValue: Array.from(shap.expectedValue),
    shapSpace: shap.space,
  };
}
