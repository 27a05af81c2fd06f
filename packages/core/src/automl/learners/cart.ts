import { SeededRandom } from '../../stats/random.js';
import { buildCart, presortColumns } from './trees/buildCart.js';
import { assertTrainingSet, FitControl, resolveHyperparameters } from './trees/fitControl.js';
import { AveragedTreesModel } from './trees/treeModel.js';
import type {
  FitOptions,
  FittedLearner,
  HyperparameterDomain,
  Hyperparameters,
  Learner,
  TrainingSet,
} from './types.js';

const SPACE = {
  /** Deepest split level; the fit's cost grows with it. */
  max_depth: { kind: 'int', low: 1, high: 32, init: 4 },
  min_samples_leaf: { kind: 'int', low: 1, high: 128, log: true, init: 1 },
  /** Fraction of the features searched at each split (scikit-learn's float `max_features`). */
  max_features: { kind: 'float', low: 0.1, high: 1, init: 1 },
} as const satisfies Record<string, HyperparameterDomain>;

/**
 * A single CART tree: scikit-learn's `DecisionTreeClassifier` (Gini) / `DecisionTreeRegressor`
 * (squared error) with the `best` splitter, `max_depth`, `min_samples_leaf` and `max_features`
 * (`int(max_features × cols)`, at least 1). With `max_features = 1` and no ties between
 * candidate splits it grows the same tree as scikit-learn (same nodes, features, thresholds and
 * values), on the float32-rounded inputs scikit-learn trains on. Predictions are the leaf's class
 * probabilities or mean.
 *
 * @example
 * const model = await cart.fit(train, { max_depth: 6 }, { seed: 1 });
 * const proba = model.predict(x, rows); // rows × nClasses
 */
export const cart: Learner = {
  family: 'cart',
  space: SPACE,
  costParameter: 'max_depth',
  supports: () => true,
  async fit(
    train: TrainingSet,
    hyperparameters: Hyperparameters,
    options: FitOptions,
  ): Promise<FittedLearner> {
    const hp = resolveHyperparameters('cart', SPACE, hyperparameters);
    assertTrainingSet(train);
    const control = new FitControl(options);
    control.throwIfAborted();
    const data = presortColumns(train.x, train.rows, train.cols);
    const weight = train.sampleWeight ?? new Float64Array(train.rows).fill(1);
    const classification = train.task !== 'regression';
    const tree = buildCart(
      data,
      train.y,
      weight,
      {
        classification,
        nClasses: train.nClasses,
        maxDepth: hp.max_depth as number,
        minSamplesLeaf: hp.min_samples_leaf as number,
        minSamplesSplit: 2,
        maxFeatures: Math.max(1, Math.floor((hp.max_features as number) * train.cols)),
      },
      new SeededRandom(options.seed),
    );
    control.throwIfAborted();
    return new AveragedTreesModel(
      'cart',
      hp,
      train.task,
      classification ? train.nClasses : 0,
      train.cols,
      [tree],
    );
  },
};
