import type { Hyperparameters, LearnerFamily } from '../learners/types.js';

/** One trial of a run: what was tried and how it scored on the folds. */
export interface LeaderboardTrial {
  /** Order of the trial in the run, from 0. */
  readonly trial: number;
  readonly family: LearnerFamily;
  readonly hyperparameters: Hyperparameters;
  /** `completed` on every fold, `pruned` after the first folds (worse than the best), `failed`. */
  readonly status: 'completed' | 'pruned' | 'failed';
  /** The primary metric on each fold evaluated, in fold order. */
  readonly foldScores: readonly number[];
  /** Mean of `foldScores` (null when none). */
  readonly mean: number | null;
  /** 95 % Student-t interval of the mean over folds (null with fewer than two folds). */
  readonly interval: readonly [number, number] | null;
  readonly durationMs: number;
  readonly error?: string;
}
