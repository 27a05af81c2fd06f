import { RandomState } from '../../linalg/randomState.js';
import { studentTPpf } from '../../stats/index.js';
import type { Hyperparameters, Learner } from '../learners/types.js';
import type { StudySummary } from '../study.js';
import { fitCost, type TrialOutcome, type TrialRequest, toLoss } from '../trial.js';
import { Flow2 } from './flow2.js';
import type { LeaderboardTrial } from './leaderboard.js';
import { initialConfig, unitSpace } from './space.js';

/** Reported after every trial. */
export interface AutoMlProgress {
  readonly trialsDone: number;
  readonly trial: LeaderboardTrial;
  /** The best trial so far (highest mean of the primary metric, or lowest for losses). */
  readonly best: LeaderboardTrial | null;
  readonly elapsedMs: number;
}

/** Runs a trial, here or elsewhere (another thread, another worker); rejects only when cancelled. */
export type TrialRunner = (request: TrialRequest) => Promise<TrialOutcome>;

export interface SearchOptions {
  /** When the run started (ms since the epoch): the budget counts from here. */
  readonly start: number;
  /**
   * Trials in flight at once, at most one per family (the local search of a family proposes from
   * its last result). With a trial budget, results are taken in the order trials were proposed,
   * so the same seed and the same `parallelTrials` give the same leaderboard. @default 1
   */
  readonly parallelTrials?: number;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((progress: AutoMlProgress) => void) | undefined;
  readonly now?: () => number;
}

/** What a search found; `best` is null when no trial completed. */
export interface SearchResult {
  readonly leaderboard: readonly LeaderboardTrial[];
  readonly best: LeaderboardTrial | null;
  readonly stoppedBy: 'trials' | 'time' | 'exhausted';
}

/** Per learner, what FLAML's learner proposer keeps to estimate the cost of an improvement. */
interface LearnerState {
  readonly learner: Learner;
  readonly flow: Flow2;
  readonly seen: Map<string, number>;
  tries: number;
  totalCost: number;
  costAtBest: number;
  costAtPreviousBest: number;
  best: number;
  previousBest: number;
  /** Wall time per unit of cost proxy in this learner's last trial (0 before its first). */
  msPerCost: number;
  /** Set once a proposal of this learner would not end within the budget: it is not picked again. */
  outOfTime: boolean;
}

/** A trial handed to the runner and not yet taken into the search. */
interface Flight {
  readonly state: LearnerState;
  readonly key: string;
  readonly config: Hyperparameters;
  readonly settled: Promise<{ outcome?: TrialOutcome; error?: unknown }>;
}

function summarize(scores: readonly number[]): {
  mean: number | null;
  interval: [number, number] | null;
} {
  const k = scores.length;
  if (k === 0) return { mean: null, interval: null };
  const mean = scores.reduce((a, v) => a + v, 0) / k;
  if (k < 2) return { mean, interval: null };
  const sd = Math.sqrt(scores.reduce((a, v) => a + (v - mean) ** 2, 0) / (k - 1));
  const half = studentTPpf(0.975, k - 1) * (sd / Math.sqrt(k));
  return { mean, interval: [mean - half, mean + half] };
}

/**
 * The search of a run — FLAML's CFO as its papers describe it (Wang et al., "FLAML: A Fast and
 * Lightweight AutoML Library", MLSys 2021; Wu et al., AAAI 2021): each learner starts at its
 * low-cost configuration and moves by FLOW2 local search ({@link Flow2}); after one trial each,
 * the next learner is drawn with probability inversely proportional to its estimated cost for
 * improvement (ECI: the cost its last improvement took, or the cost spent since, and the cost to
 * close its gap to the best at its speed). With a trial budget (`maxTrials`) costs are
 * deterministic proxies (training rows × features × the learner's cost hyperparameter), so a seed
 * and a trial budget give the same leaderboard every time; with only a time budget they are the
 * trials' wall times, as FLAML measures them. A learner whose next trial, estimated from its own
 * last trial's time per unit of cost, would not end with the refit within the budget is dropped
 * for the rest of the run; the search stops at `maxTrials` or when every learner is dropped.
 *
 * Trials run wherever `runTrial` sends them, up to `parallelTrials` at once (one per family): the
 * search itself only proposes and learns, so it can run where the data is not.
 */
export async function searchTrials(
  summary: StudySummary,
  learners: readonly Learner[],
  runTrial: TrialRunner,
  options: SearchOptions,
): Promise<SearchResult> {
  const { settings, greaterIsBetter: greater, foldShapes } = summary;
  const { start, signal } = options;
  const now = options.now ?? Date.now;
  const parallel = Math.max(1, Math.floor(options.parallelTrials ?? 1));
  const budgetMs = settings.timeBudgetSeconds * 1000;
  const hardDeadline = start + budgetMs * 0.97;
  const rng = new RandomState(settings.seed >>> 0);
  const states: LearnerState[] = learners.map((learner) => ({
    learner,
    flow: new Flow2(
      unitSpace(learner.space),
      initialConfig(learner.space),
      rng,
      learner.startingPoints ?? [],
    ),
    seen: new Map(),
    tries: 0,
    totalCost: 0,
    costAtBest: 0,
    costAtPreviousBest: 0,
    best: Number.POSITIVE_INFINITY,
    previousBest: Number.POSITIVE_INFINITY,
    msPerCost: 0,
    outOfTime: false,
  }));

  const timeCosts = settings.maxTrials === undefined;
  const leaderboard: LeaderboardTrial[] = [];
  let best: LeaderboardTrial | null = null;
  let bestLosses: number[] = [];
  let bestLoss = Number.POSITIVE_INFINITY;
  const loss = (score: number) => toLoss(score, greater);
  const busy = new Set<LearnerState>();

  const pickLearner = (): LearnerState | undefined => {
    const live = states.filter((s) => !s.outOfTime && !busy.has(s));
    const untried = live.find((s) => s.tries === 0);
    if (untried) return untried;
    if (live.length <= 1) return live[0];
    const eci = live.map((s) => {
      let cost = Math.max(s.costAtBest - s.costAtPreviousBest, s.totalCost - s.costAtBest, 1);
      if (Number.isFinite(s.best) && s.best > bestLoss && Number.isFinite(s.previousBest)) {
        const speed = (s.previousBest - s.best) / Math.max(1, s.costAtBest - s.costAtPreviousBest);
        if (speed > 0) cost = Math.max(cost, (2 * (s.best - bestLoss)) / speed);
      }
      return cost;
    });
    const weights = eci.map((c) => 1 / c);
    const total = weights.reduce((a, w) => a + w, 0);
    let r = rng.random() * total;
    for (let k = 0; k < live.length; k++) {
      r -= weights[k] as number;
      if (r <= 0) return live[k] as LearnerState;
    }
    return live[live.length - 1] as LearnerState;
  };
  const trialCost = (learner: Learner, config: Hyperparameters) =>
    foldShapes.reduce((a, f) => a + fitCost(learner, config, f.rows, f.cols), 0);
  // The refit of the best trial on all rows: about one fold's fit, with a margin.
  let refitReserveMs = 0;

  /**
   * Proposes the next trial and hands it to the runner; otherwise says why not: wait for a trial
   * in flight (every live family has one), or the search is over.
   */
  const dispatch = (inFlight: Flight[]): 'dispatched' | 'wait' | SearchResult['stoppedBy'] => {
    for (;;) {
      if (
        settings.maxTrials !== undefined &&
        leaderboard.length + inFlight.length >= settings.maxTrials
      )
        return 'trials';
      const state = pickLearner();
      if (state === undefined) return inFlight.length > 0 ? 'wait' : 'time';
      let config = state.flow.propose();
      let key = JSON.stringify(config);
      for (let tries = 0; state.seen.has(key) && tries < 20; tries++) {
        // Already tried: tell the search its loss again and ask for another point.
        state.flow.observe(state.seen.get(key) as number);
        config = state.flow.propose();
        key = JSON.stringify(config);
      }
      if (state.seen.has(key)) return 'exhausted';
      // Run the trial only if it should end, with the refit on all rows after it, within the
      // budget: estimated from this learner's own speed (time per unit of its cost proxy), not the
      // slowest trial of any learner, so that a slow family's last trial does not end the search
      // while a faster one could still try several. A learner not yet timed runs its low-cost
      // start if the refit still fits (its fits stop at the deadline in any case).
      const estimateMs = state.msPerCost * trialCost(state.learner, config);
      const refitMs = Math.max(refitReserveMs, (estimateMs / Math.max(1, foldShapes.length)) * 1.5);
      const elapsed = now() - start;
      if (state.flow.proposingStart) {
        // A starting point (a family's defaults) is tried in the first half of the budget
        // whatever the estimate says: estimated from the low-cost start, whose time is mostly
        // fixed costs (binning, featurizing), a default with 25 times the rounds looks far dearer
        // than it is; its fits stop at the deadline regardless. Later it is dropped.
        if (elapsed > budgetMs / 2) {
          state.flow.skip();
          continue;
        }
      } else if (elapsed + estimateMs + refitMs > budgetMs * 0.95) {
        // The local search's next proposal is about as costly as its incumbent: the learner is done.
        state.outOfTime = true;
        continue;
      }
      const request: TrialRequest = {
        family: state.learner.family,
        hyperparameters: config,
        bestLosses: [...bestLosses],
        deadline: hardDeadline,
      };
      let promise: Promise<TrialOutcome>;
      try {
        promise = runTrial(request);
      } catch (error) {
        promise = Promise.reject(error);
      }
      const flight: Flight = {
        state,
        key,
        config,
        settled: promise.then(
          (outcome) => ({ outcome }),
          (error: unknown) => ({ error }),
        ),
      };
      busy.add(state);
      inFlight.push(flight);
      return 'dispatched';
    }
  };

  /** Takes a finished trial into the leaderboard and the search. */
  const record = (flight: Flight, outcome: TrialOutcome) => {
    const { state, key, config } = flight;
    const { status, foldScores: scores, durationMs, cost: spent } = outcome;
    const { mean, interval } = summarize(scores);
    const trial: LeaderboardTrial = {
      trial: leaderboard.length,
      family: state.learner.family,
      hyperparameters: config,
      status,
      foldScores: [...scores],
      mean,
      interval,
      durationMs,
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
    };
    leaderboard.push(trial);
    const trialLoss =
      status === 'completed' && mean !== null && Number.isFinite(mean)
        ? loss(mean)
        : Number.POSITIVE_INFINITY;
    // A pruned trial tells the local search its loss on the folds it ran (it is worse than the
    // best, which is all FLOW2 needs to know); only completed trials compete for the best.
    const searchLoss =
      status === 'pruned' && mean !== null && Number.isFinite(mean) ? loss(mean) : trialLoss;
    state.seen.set(key, searchLoss);
    state.flow.observe(searchLoss);
    state.tries++;
    // ECI's costs: wall time when the budget is time (as FLAML measures them, so that a learner
    // whose proxy underrates it — an L-BFGS fit with many classes, say — is not drawn as if it
    // were cheap); the deterministic proxy when a trial budget asks for a reproducible
    // leaderboard.
    state.totalCost += Math.max(1, timeCosts ? durationMs : spent);
    if (spent > 0) state.msPerCost = durationMs / spent;
    // A pruned trial's loss on its folds counts as the learner's progress here (it only competes
    // for the run's best when completed): otherwise a learner whose trials are all pruned would
    // never show its gap to the best, and would be drawn as if it were promising.
    if (searchLoss < state.best) {
      state.previousBest = state.best;
      state.best = searchLoss;
      state.costAtPreviousBest = state.costAtBest;
      state.costAtBest = state.totalCost;
    }
    if (trialLoss < bestLoss) {
      bestLoss = trialLoss;
      best = trial;
      bestLosses = scores.map(loss);
      refitReserveMs = (durationMs / Math.max(1, scores.length)) * 1.5;
    }
    options.onProgress?.({ trialsDone: leaderboard.length, trial, best, elapsedMs: now() - start });
  };

  const inFlight: Flight[] = [];
  let stoppedBy: SearchResult['stoppedBy'] | undefined;
  for (;;) {
    signal?.throwIfAborted();
    while (stoppedBy === undefined && inFlight.length < parallel) {
      const step = dispatch(inFlight);
      if (step === 'wait') break;
      if (step !== 'dispatched') stoppedBy = step;
    }
    if (inFlight.length === 0) break;
    // With a trial budget, results are taken in the order the trials were proposed (a fixed
    // order, whatever finishes first); with a time budget, as they come.
    const flight = timeCosts
      ? await Promise.race(inFlight.map((f) => f.settled.then(() => f)))
      : (inFlight[0] as Flight);
    const { outcome, error } = await flight.settled;
    inFlight.splice(inFlight.indexOf(flight), 1);
    busy.delete(flight.state);
    if (outcome === undefined) throw error;
    record(flight, outcome);
  }
  return { leaderboard, best, stoppedBy: stoppedBy ?? 'exhausted' };
}
