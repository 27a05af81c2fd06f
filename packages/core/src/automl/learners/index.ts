import { linearLearner, reviveLinear } from './linear.js';
import type { FittedLearner, Learner, LearnerFamily, SerializedLearner } from './types.js';

export * from './types.js';

/**
 * The model families AutoML may search, by family. A family without an entry is not available
 * in this build (the search and the API list only the registered ones).
 */
export const learners: Partial<Record<LearnerFamily, Learner>> = {
  linear: linearLearner,
};

const revivers: Partial<Record<LearnerFamily, (s: SerializedLearner) => FittedLearner>> = {
  linear: reviveLinear,
};

/**
 * Turns a stored learner (an AutoML artifact's `learner`) back into a fitted model.
 * @throws RangeError when its family is not registered or its state is malformed.
 */
export function reviveLearner(serialized: SerializedLearner): FittedLearner {
  const revive = revivers[serialized.family];
  if (revive === undefined) {
    throw new RangeError(
      `learner family '${String(serialized.family)}' is not available; available: ${Object.keys(revivers).join(', ')}`,
    );
  }
  return revive(serialized);
}
