import { SeededRandom } from '../../stats/random.js';
import { buildCart, presortColumns } from './trees/buildCart.js';
import { assertTrainingSet, FitControl, resolveHyperparameters } from './trees/fitControl.js';
import type { FlatTree } from './trees/flatTree.js';
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
  /** Trees in the forest: the cost a cost-aware search starts low and grows. */
  n_estimators: { kind: 'int', low: 4, high: 1024, log: true, init: 4 },
  /** Fraction of the features drawn at each split (scikit-learn's float `max_features`). */
  max_features: { kind: 'float', low: 0.1, high: 1, log: true, init: 0.5 },
  min_samples_leaf: { kind: 'int', low: 1, high: 64, log: true, init: 1 },
  /** 0: grow until pure (scikit-learn's `max_depth=None`). */
  max_depth: { kind: 'int', low: 0, high: 64, init: 0 },
} as const satisfies Record<string, HyperparameterDomain>;

/**
 * A random forest (Breiman 2001) as scikit-learn's `RandomForestClassifier` /
 * `RandomForestRegressor`: each tree a {@link cart} grown on a bootstrap sample of the rows (drawn
 * with replacement, passed as integer weights as scikit-learn does) with `max_features` features
 * drawn at each split; the forest predicts the mean of its trees' class probabilities (or values).
 *
 * Honors `options.deadline` (a forest with the trees grown so far, at least one) and
 * `options.signal` (checked between trees).
 */
export const randomForest: Learner = {
  family: 'random_forest',
  space: SPACE,
  costParameter: 'n_estimators',
  supports: () => true,
  async fit(
    train: TrainingSet,
    hyperparameters: Hyperparameters,
    options: FitOptions,
  ): Promise<FittedLearner> {
    const hp = resolveHyperparameters('random_forest', SPACE, hyperparameters);
    assertTrainingSet(train);
    const control = new FitControl(options);
    control.throwIfAborted();
    const { rows, cols } = train;
    const data = presortColumns(train.x, rows, cols);
    const classification = train.task !== 'regression';
    const maxDepth = hp.max_depth as number;
    const settings = {
      classification,
      nClasses: train.nClasses,
      maxDepth: maxDepth === 0 ? Number.POSITIVE_INFINITY : maxDepth,
      minSamplesLeaf: hp.min_samples_leaf as number,
      minSamplesSplit: 2,
      maxFeatures: Math.max(1, Math.floor((hp.max_features as number) * cols)),
    };
    const rng = new SeededRandom(options.seed);
    const draws = new Uint32Array(rows);
    const weight = new Float64Array(rows);
    const trees: FlatTree[] = [];
    const nTrees = hp.n_estimators as number;
    for (let t = 0; t < nTrees; t++) {
      if (t > 0) {
        if (control.expired()) break;
        await control.checkpoint();
      }
      rng.fillIndices(draws, rows);
      weight.fill(0);
      for (let i = 0; i < rows; i++) {
        const r = draws[i] as number;
        weight[r] =
          (weight[r] as number) + (train.sampleWeight ? (train.sampleWeight[r] as number) : 1);
      }
      trees.push(buildCart(data, train.y, weight, settings, rng));
    }
    control.throwIfAborted();
    return new AveragedTreesModel(
      'random_forest',
      hp,
      train.task,
      classification ? train.nClasses : 0,
      cols,
      trees,
    );
  },
};
