import type { Hyperparameters, Learner, LearnerFamily } from './learners/types.js';
import { scoreFold } from './scoring.js';
import type { LeaderboardTrial } from './search/leaderboard.js';
import type { Study } from './study.js';

/**
 * One trial the search asks for: plain JSON, so that it can be run in another thread or on
 * another worker that prepared the same study.
 */
export interface TrialRequest {
  readonly family: LearnerFamily;
  readonly hyperparameters: Hyperparameters;
  /**
   * The losses, fold by fold, of the best trial when this one was proposed (empty before any
   * completed): the trial is pruned after the first third of the folds when it trails them.
   */
  readonly bestLosses: readonly number[];
  /** When every fit must stop (ms since the epoch, `Date.now()`). */
  readonly deadline: number;
}

/** How a trial ended: what the leaderboard shows of it, and what the search learns from it. */
export interface TrialOutcome {
  readonly status: LeaderboardTrial['status'];
  readonly foldScores: readonly number[];
  readonly error?: string;
  /** Wall time of the fits and scoring. */
  readonly durationMs: number;
  /** The deterministic cost proxy of the folds fitted (rows × featurized columns × the learner's cost hyperparameter). */
  readonly cost: number;
}

/** The cost proxy of one fit: training rows × featurized columns × the learner's cost driver. */
export function fitCost(
  learner: Learner,
  config: Hyperparameters,
  rows: number,
  cols: number,
): number {
  const driver =
    learner.costParameter === undefined ? 1 : Number(config[learner.costParameter] ?? 1);
  return rows * Math.max(1, cols) * Math.max(1, driver);
}

/** Loss of a score: lower is better whatever the metric. */
export const toLoss = (score: number, greaterIsBetter: boolean): number =>
  greaterIsBetter ? -score : score;

/**
 * Runs one trial of a study: fits the learner fold by fold and scores each fold's test rows with
 * the primary metric. After the first third of the folds (successive halving on folds) the trial
 * is pruned when its mean loss trails the best trial's on those folds by more than the standard
 * error of a mean over that many folds, estimated from the spread of all the best's folds (with 3
 * folds the rung is one fold, whose own spread would be 0 and prune on any shortfall). A fit that
 * throws fails the trial with its message; a cancellation is thrown.
 */
export async function evaluateTrial(
  study: Study,
  request: TrialRequest,
  options: { signal?: AbortSignal; now?: () => number } = {},
): Promise<TrialOutcome> {
  const { signal } = options;
  const now = options.now ?? Date.now;
  const learner = study.learners.find((l) => l.family === request.family);
  if (learner === undefined) {
    throw new Error(`family '${request.family}' is not one of this study's: ${study.families}`);
  }
  const { folds, metric, task, nClasses } = study;
  const greater = study.greaterIsBetter;
  const bestLosses = request.bestLosses;
  const rung = folds.length >= 3 ? Math.ceil(folds.length / 3) : folds.length;
  const start = now();
  const scores: number[] = [];
  let status: TrialOutcome['status'] = 'completed';
  let error: string | undefined;
  let cost = 0;
  try {
    for (let f = 0; f < folds.length; f++) {
      const fold = folds[f] as Study['folds'][number];
      const fitted = await learner.fit(fold.train, request.hyperparameters, {
        seed: study.settings.seed,
        deadline: request.deadline,
        ...(signal === undefined ? {} : { signal }),
      });
      cost += fitCost(learner, request.hyperparameters, fold.train.rows, fold.train.cols);
      scores.push(
        scoreFold(metric, task, nClasses, fold.testY, fitted.predict(fold.testX, fold.testRows)),
      );
      if (f + 1 === rung && rung < folds.length && bestLosses.length === folds.length) {
        const mine = scores.reduce((a, v) => a + toLoss(v, greater), 0) / rung;
        const m = bestLosses.slice(0, rung).reduce((a, v) => a + v, 0) / rung;
        const all = bestLosses.reduce((a, v) => a + v, 0) / bestLosses.length;
        const sd = Math.sqrt(
          bestLosses.reduce((a, v) => a + (v - all) ** 2, 0) / (bestLosses.length - 1),
        );
        if (mine > m + sd / Math.sqrt(rung)) {
          status = 'pruned';
          break;
        }
      }
    }
  } catch (caught) {
    if (signal?.aborted) throw signal.reason;
    status = 'failed';
    error = (caught as Error).message;
  }
  return {
    status,
    foldScores: scores,
    ...(error === undefined ? {} : { error }),
    durationMs: now() - start,
    cost,
  };
}
