import { InvalidInputError } from '../../errors/index.js';
import { cart } from './cart.js';
import { histGradientBoosting } from './histGradientBoosting.js';
import { linearLearner, reviveLinear } from './linear.js';
import { MlpModel, mlp } from './mlp.js';
import { randomForest } from './randomForest.js';
import { BoostedTreesModel } from './trees/boostedTreesModel.js';
import { AveragedTreesModel } from './trees/treeModel.js';
import type { FittedLearner, Learner, LearnerFamily, SerializedLearner } from './types.js';

export type * from './types.js';
export { cart, histGradientBoosting, linearLearner, mlp, randomForest };

/** Every model family AutoML can search, by its name. */
export const learners: Record<LearnerFamily, Learner> = {
  linear: linearLearner,
  mlp,
  cart,
  random_forest: randomForest,
  hist_gbm: histGradientBoosting,
};

/** How each family turns its stored form back into a fitted model. */
const revivers: Record<LearnerFamily, (json: SerializedLearner) => FittedLearner> = {
  linear: reviveLinear,
  mlp: (json) => MlpModel.revive(json),
  cart: (json) => AveragedTreesModel.revive(json),
  random_forest: (json) => AveragedTreesModel.revive(json),
  hist_gbm: (json) => BoostedTreesModel.revive(json),
};

/**
 * The fitted model a {@link FittedLearner.toJSON} value describes (same predictions, bit for bit).
 * Throws an `InvalidInputError` saying what is wrong when the value is not one.
 */
export function reviveLearner(json: unknown): FittedLearner {
  const s = json as Partial<SerializedLearner> | null;
  if (s === null || typeof s !== 'object')
    throw new InvalidInputError('a serialized learner must be an object');
  const revive = revivers[s.family as LearnerFamily];
  if (revive === undefined) {
    throw new InvalidInputError(
      `unknown learner family ${JSON.stringify(s.family)}; known: ${Object.keys(revivers).join(', ')}`,
    );
  }
  if (s.version !== 1)
    throw new InvalidInputError(`a serialized ${s.family} has version ${s.version}; expected 1`);
  if (s.task !== 'binary' && s.task !== 'multiclass' && s.task !== 'regression') {
    throw new InvalidInputError(
      `a serialized learner's task is ${JSON.stringify(s.task)}; expected binary, multiclass or regression`,
    );
  }
  if (!Number.isInteger(s.cols) || (s.cols as number) < 1)
    throw new InvalidInputError('a serialized learner needs an integer cols ≥ 1');
  const classes = s.task === 'regression' ? 0 : s.nClasses;
  if (
    !Number.isInteger(s.nClasses) ||
    s.nClasses !== classes ||
    (s.task !== 'regression' && (s.nClasses as number) < 2)
  ) {
    throw new InvalidInputError(`a serialized ${s.task} learner has nClasses ${s.nClasses}`);
  }
  if (s.hyperparameters === null || typeof s.hyperparameters !== 'object') {
    throw new InvalidInputError('a serialized learner needs its hyperparameters object');
  }
  return revive(s as SerializedLearner);
}
