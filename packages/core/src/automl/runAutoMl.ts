import type { DataTable } from '../data/types.js';
import { InvalidInputError } from '../errors/index.js';
import type { FeaturizerOptions } from './featurize/fitFeaturizer.js';
import type { AutoMlArtifact } from './pipeline/artifact.js';
import { refitPipeline } from './refit.js';
import type { LeaderboardTrial } from './search/leaderboard.js';
import { type AutoMlProgress, searchTrials } from './search/searchTrials.js';
import type { TAutoMlSettings } from './settings.js';
import { type LearnerSet, prepareStudy, type StudySummary } from './study.js';
import { evaluateTrial } from './trial.js';

export type { AutoMlProgress };

export interface AutoMlRunOptions {
  /** Cancels the run: the current fit stops and the run throws the signal's reason. */
  signal?: AbortSignal;
  onProgress?: (progress: AutoMlProgress) => void;
  /** The learners to choose from. @default the registry's learners */
  learners?: LearnerSet;
  /** The clock (tests). @default Date.now */
  now?: () => number;
  featurizer?: FeaturizerOptions;
}

/** Everything a run found; `artifact` is the best pipeline refit on every row. */
export interface AutoMlResult extends Omit<StudySummary, 'families' | 'foldShapes'> {
  readonly leaderboard: readonly LeaderboardTrial[];
  readonly bestTrial: number;
  readonly stoppedBy: 'trials' | 'time' | 'exhausted';
  readonly elapsedMs: number;
  readonly artifact: AutoMlArtifact;
}

/** The error of a search in which no trial completed. */
export function noTrialCompleted(leaderboard: readonly LeaderboardTrial[]): InvalidInputError {
  const reasons = leaderboard.map((t) => t.error).filter(Boolean);
  const message = `no trial completed${reasons.length > 0 ? `: ${reasons[0]}` : leaderboard.length === 0 ? ': the time budget was too short for one trial' : ''}`;
  return new InvalidInputError(message, [{ path: ['timeBudgetSeconds'], message }]);
}

/**
 * Runs AutoML on a table in this thread: prepares the study ({@link prepareStudy}: target, task,
 * featurization, guardrails, folds), searches the learners one trial at a time
 * ({@link searchTrials}: FLAML's CFO, trials scored fold by fold and pruned by successive halving
 * on folds, {@link evaluateTrial}) and refits the best pipeline on every row
 * ({@link refitPipeline}). Every fit gets the budget's deadline. The same pieces run spread out
 * in the API: the search in the job, trials in compute threads and on other workers.
 *
 * @throws InvalidInputError on bad settings (unknown columns, a metric that does not fit the
 * task, no available family), as {@link prepareStudy}, and when no trial completed.
 */
export async function runAutoMl(
  table: DataTable,
  input: TAutoMlSettings,
  options: AutoMlRunOptions = {},
): Promise<AutoMlResult> {
  const now = options.now ?? Date.now;
  const start = now();
  const { signal } = options;
  const study = prepareStudy(table, input, {
    ...(options.learners === undefined ? {} : { learners: options.learners }),
    ...(options.featurizer === undefined ? {} : { featurizer: options.featurizer }),
    ...(signal === undefined ? {} : { signal }),
  });
  const { leaderboard, best, stoppedBy } = await searchTrials(
    study,
    study.learners,
    (request) =>
      evaluateTrial(study, request, { ...(signal === undefined ? {} : { signal }), now }),
    { start, signal, onProgress: options.onProgress, now },
  );
  if (best === null) throw noTrialCompleted(leaderboard);
  signal?.throwIfAborted();
  const artifact = await refitPipeline(study, best, {
    deadline: start + study.settings.timeBudgetSeconds * 1000,
    signal,
  });
  return {
    settings: study.settings,
    task: study.task,
    classes: study.classes,
    metric: study.metric,
    greaterIsBetter: study.greaterIsBetter,
    validation: study.validation,
    guardrails: study.guardrails,
    leaderboard,
    bestTrial: best.trial,
    rows: study.rows,
    stoppedBy,
    elapsedMs: now() - start,
    artifact,
  };
}
