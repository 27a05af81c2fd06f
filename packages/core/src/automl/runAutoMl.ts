import type { DataTable } from '../data/types.js';
import { InvalidInputError } from '../errors/index.js';
import type { Label } from '../labels/index.js';
import { RandomState } from '../linalg/randomState.js';
import { studentTPpf } from '../stats/index.js';
import { type FeaturizerOptions, fitFeaturizer } from './featurize/fitFeaturizer.js';
import { encodeTable, transformRaw } from './featurize/transform.js';
import type { FeaturizerSpec } from './featurize/types.js';
import { type Guardrail, runGuardrails } from './guardrails/guardrails.js';
import { learners as registeredLearners } from './learners/index.js';
import type { Hyperparameters, Learner, LearnerFamily, TrainingSet } from './learners/types.js';
import { AUTOML_ARTIFACT_FORMAT, type AutoMlArtifact } from './pipeline/artifact.js';
import { prepareTarget } from './prepareTarget.js';
import {
  type AutoMlMetric,
  defaultMetric,
  greaterIsBetter,
  metricFits,
  scoreFold,
} from './scoring.js';
import { Flow2 } from './search/flow2.js';
import type { LeaderboardTrial } from './search/leaderboard.js';
import { initialConfig, unitSpace } from './search/space.js';
import { type AutoMlSettings, type TAutoMlSettings, ZAutoMlSettingsSchema } from './settings.js';
import { sliceTable } from './sliceTable.js';
import { chooseValidation, makeSplits, type ValidationPlan } from './validation/folds.js';

/** Reported after every trial. */
export interface AutoMlProgress {
  readonly trialsDone: number;
  readonly trial: LeaderboardTrial;
  /** The best trial so far (highest mean of the primary metric, or lowest for losses). */
  readonly best: LeaderboardTrial | null;
  readonly elapsedMs: number;
}

export interface AutoMlRunOptions {
  /** Cancels the run: the current fit stops and the run throws the signal's reason. */
  signal?: AbortSignal;
  onProgress?: (progress: AutoMlProgress) => void;
  /** The learners to choose from. @default the registry's {@link registeredLearners} */
  learners?: Partial<Record<LearnerFamily, Learner>>;
  /** The clock (tests). @default Date.now */
  now?: () => number;
  featurizer?: FeaturizerOptions;
}

/** Everything a run found; `artifact` is the best pipeline refit on every row. */
export interface AutoMlResult {
  readonly settings: AutoMlSettings;
  readonly task: AutoMlTask;
  readonly classes: readonly Label[];
  readonly metric: AutoMlMetric;
  readonly greaterIsBetter: boolean;
  readonly validation: ValidationPlan;
  readonly guardrails: readonly Guardrail[];
  readonly leaderboard: readonly LeaderboardTrial[];
  readonly bestTrial: number;
  readonly rows: number;
  readonly stoppedBy: 'trials' | 'time' | 'exhausted';
  readonly elapsedMs: number;
  readonly artifact: AutoMlArtifact;
}

type AutoMlTask = TrainingSet['task'];

function fail(message: string, path: (string | number)[]): never {
  throw new InvalidInputError(message, [{ path, message }]);
}

interface FoldData {
  train: TrainingSet;
  testX: Float64Array;
  testY: Float64Array;
  testRows: number;
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

function trainingSet(
  x: Float64Array,
  rows: number,
  cols: number,
  y: Float64Array,
  task: AutoMlTask,
  nClasses: number,
): TrainingSet {
  return { x, rows, cols, y, task, nClasses };
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
 * Runs AutoML on a table: reads the target (task detected when not given), fits the
 * featurization and runs the guardrails, then searches the available learners with a cost-aware,
 * seeded search — FLAML's CFO as its papers describe it (Wang et al., "FLAML: A Fast and
 * Lightweight AutoML Library", MLSys 2021; Wu et al., AAAI 2021): each learner starts at its
 * low-cost configuration and moves by FLOW2 local search ({@link Flow2}); after one trial each,
 * the next learner is drawn with probability inversely proportional to its estimated cost for
 * improvement (ECI: the cost its last improvement took, or the cost spent since, and the cost to
 * close its gap to the best at its speed). With a trial budget (`maxTrials`) costs are
 * deterministic proxies (training rows × features × the learner's cost hyperparameter), so a seed
 * and a trial budget give the same leaderboard every time; with only a time budget they are the
 * trials' wall times, as FLAML measures them. Trials are scored fold by fold (featurizer fitted on
 * each fold's training rows) and pruned after the first third of the folds when they trail the
 * best trial on those folds by more than the standard error of a mean over that many folds
 * (from the spread of all the best's folds): successive halving on folds. A learner whose
 * next trial, estimated from its own last trial's time per unit of cost, would not end with the
 * refit within the budget is dropped for the rest of the run; the search stops at `maxTrials` or
 * when every learner is dropped, and every fit gets the budget's deadline. The best pipeline is
 * refit on all rows.
 *
 * @throws InvalidInputError on bad settings (unknown columns, a metric that does not fit the
 * task, no available family), and as {@link prepareTarget} / {@link fitFeaturizer}.
 */
export async function runAutoMl(
  table: DataTable,
  input: TAutoMlSettings,
  options: AutoMlRunOptions = {},
): Promise<AutoMlResult> {
  const parsed = ZAutoMlSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
      message: i.message,
    }));
    throw new InvalidInputError(
      `invalid AutoML settings: ${issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
      issues,
    );
  }
  const settings = parsed.data;
  const now = options.now ?? Date.now;
  const start = now();
  const budgetMs = settings.timeBudgetSeconds * 1000;
  const hardDeadline = start + budgetMs * 0.97;
  const signal = options.signal;

  settings.excludedColumns.forEach((name, j) => {
    if (!table.columns.includes(name)) {
      fail(
        `excludedColumns[${j}] is '${name}', which is not a column; columns: ${table.columns.join(', ')}`,
        ['excludedColumns', j],
      );
    }
  });
  const target = prepareTarget(table, settings.target, settings.task);
  const task = target.task;
  const metric = settings.primaryMetric ?? defaultMetric(task);
  if (!metricFits(metric, task))
    fail(`primaryMetric '${metric}' does not apply to a ${task} task`, ['primaryMetric']);
  const greater = greaterIsBetter(metric);
  const excluded = new Set([settings.target, ...settings.excludedColumns]);
  const features = table.columns.filter((c) => !excluded.has(c));
  if (features.length === 0)
    fail('no feature column is left once the target and excludedColumns are removed', [
      'excludedColumns',
    ]);

  const available = options.learners ?? registeredLearners;
  const wanted = settings.families ?? (Object.keys(available) as LearnerFamily[]);
  const chosen = wanted
    .map((family) => available[family])
    .filter((l): l is Learner => l?.supports(task) === true);
  if (chosen.length === 0) {
    const names = Object.values(available)
      .filter((l) => l?.supports(task))
      .map((l) => l?.family);
    fail(
      `none of the families ${JSON.stringify(wanted)} is available for a ${task} task; available: ${names.join(', ') || 'none'}`,
      ['families'],
    );
  }

  const data = sliceTable(table, features, target.rows);
  const n = data.rows;
  const nClasses = task === 'regression' ? 0 : target.classes.length;
  const fullSpec = fitFeaturizer(data, features, options.featurizer);
  const smallestClass =
    task === 'regression'
      ? n
      : Math.min(...target.classes.map((_, k) => target.y.filter((v) => v === k).length));
  const validation = chooseValidation(n, task, smallestClass);
  const guardrails = runGuardrails(
    data,
    fullSpec,
    { ...target, rows: Int32Array.from({ length: n }, (_, i) => i) },
    validation,
    options.featurizer,
  );
  const splits = makeSplits(validation, target.y, settings.seed);

  const folds: FoldData[] = [];
  for (const split of splits) {
    signal?.throwIfAborted();
    const train = sliceTable(data, features, split.train);
    const test = sliceTable(data, features, split.test);
    const spec = fitFeaturizer(train, features, options.featurizer);
    const cols = spec.outputs.length;
    folds.push({
      train: trainingSet(
        transformRaw(spec, encodeTable(spec, train), train.rows),
        train.rows,
        cols,
        Float64Array.from(split.train, (i) => target.y[i] as number),
        task,
        nClasses,
      ),
      testX: transformRaw(spec, encodeTable(spec, test), test.rows),
      testY: Float64Array.from(split.test, (i) => target.y[i] as number),
      testRows: test.rows,
    });
  }
  const rung = folds.length >= 3 ? Math.ceil(folds.length / 3) : folds.length;

  const rng = new RandomState(settings.seed >>> 0);
  const states: LearnerState[] = chosen.map((learner) => ({
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
  const costOf = (learner: Learner, config: Hyperparameters, rows: number, cols: number) => {
    const driver =
      learner.costParameter === undefined ? 1 : Number(config[learner.costParameter] ?? 1);
    return rows * Math.max(1, cols) * Math.max(1, driver);
  };

  const timeCosts = settings.maxTrials === undefined;
  const leaderboard: LeaderboardTrial[] = [];
  let best: LeaderboardTrial | null = null;
  let bestLosses: number[] = [];
  let bestLoss = Number.POSITIVE_INFINITY;
  let stoppedBy: AutoMlResult['stoppedBy'] = 'exhausted';
  const toLoss = (score: number) => (greater ? -score : score);

  const pickLearner = (): LearnerState | undefined => {
    const live = states.filter((s) => !s.outOfTime);
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
    folds.reduce((a, f) => a + costOf(learner, config, f.train.rows, f.train.cols), 0);
  // The refit of the best trial on all rows: about one fold's fit, with a margin.
  let refitReserveMs = 0;

  for (;;) {
    signal?.throwIfAborted();
    if (settings.maxTrials !== undefined && leaderboard.length >= settings.maxTrials) {
      stoppedBy = 'trials';
      break;
    }
    const state = pickLearner();
    if (state === undefined) {
      stoppedBy = 'time';
      break;
    }
    let config = state.flow.propose();
    let key = JSON.stringify(config);
    for (let tries = 0; state.seen.has(key) && tries < 20; tries++) {
      // Already tried: tell the search its loss again and ask for another point.
      state.flow.observe(state.seen.get(key) as number);
      config = state.flow.propose();
      key = JSON.stringify(config);
    }
    if (state.seen.has(key)) {
      stoppedBy = 'exhausted';
      break;
    }
    // Run the trial only if it should end, with the refit on all rows after it, within the
    // budget: estimated from this learner's own speed (time per unit of its cost proxy), not the
    // slowest trial of any learner, so that a slow family's last trial does not end the search
    // while a faster one could still try several. A learner not yet timed runs its low-cost
    // start if the refit still fits (its fits stop at the deadline in any case).
    const cost = trialCost(state.learner, config);
    const estimateMs = state.msPerCost * cost;
    const refitMs = Math.max(refitReserveMs, (estimateMs / Math.max(1, folds.length)) * 1.5);
    const elapsed = now() - start;
    if (state.flow.proposingStart) {
      // A starting point (a family's defaults) is tried in the first half of the budget whatever
      // the estimate says: estimated from the low-cost start, whose time is mostly fixed costs
      // (binning, featurizing), a default with 25 times the rounds looks far dearer than it is;
      // its fits stop at the deadline regardless. Later it is dropped.
      if (elapsed > budgetMs / 2) {
        state.flow.skip();
        continue;
      }
    } else if (elapsed + estimateMs + refitMs > budgetMs * 0.95) {
      // The local search's next proposal is about as costly as its incumbent: the learner is done.
      state.outOfTime = true;
      continue;
    }
    const trialStart = now();
    const scores: number[] = [];
    let status: LeaderboardTrial['status'] = 'completed';
    let error: string | undefined;
    let spent = 0;
    try {
      for (let f = 0; f < folds.length; f++) {
        const fold = folds[f] as FoldData;
        const fitted = await state.learner.fit(fold.train, config, {
          seed: settings.seed,
          deadline: hardDeadline,
          ...(signal === undefined ? {} : { signal }),
        });
        spent += costOf(state.learner, config, fold.train.rows, fold.train.cols);
        scores.push(
          scoreFold(metric, task, nClasses, fold.testY, fitted.predict(fold.testX, fold.testRows)),
        );
        if (f + 1 === rung && rung < folds.length && bestLosses.length === folds.length) {
          const mine = scores.reduce((a, v) => a + toLoss(v), 0) / rung;
          const m = bestLosses.slice(0, rung).reduce((a, v) => a + v, 0) / rung;
          // The noise of a mean over `rung` folds, from the spread of all the best's folds: with
          // 3 folds the rung is 1 fold, whose own spread would be 0 and prune on any shortfall.
          const all = bestLosses.reduce((a, v) => a + v, 0) / bestLosses.length;
          const sd = Math.sqrt(
            bestLosses.reduce((a, v) => a + (v - all) ** 2, 0) / (bestLosses.length - 1),
          );
          const se = sd / Math.sqrt(rung);
          if (mine > m + se) {
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
    const durationMs = now() - trialStart;
    const { mean, interval } = summarize(scores);
    const trial: LeaderboardTrial = {
      trial: leaderboard.length,
      family: state.learner.family,
      hyperparameters: config,
      status,
      foldScores: scores,
      mean,
      interval,
      durationMs,
      ...(error === undefined ? {} : { error }),
    };
    leaderboard.push(trial);
    const loss =
      status === 'completed' && mean !== null && Number.isFinite(mean)
        ? toLoss(mean)
        : Number.POSITIVE_INFINITY;
    // A pruned trial tells the local search its loss on the folds it ran (it is worse than the
    // best, which is all FLOW2 needs to know); only completed trials compete for the best.
    const searchLoss =
      status === 'pruned' && mean !== null && Number.isFinite(mean) ? toLoss(mean) : loss;
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
    if (loss < bestLoss) {
      bestLoss = loss;
      best = trial;
      bestLosses = scores.map(toLoss);
      refitReserveMs = (durationMs / Math.max(1, scores.length)) * 1.5;
    }
    options.onProgress?.({ trialsDone: leaderboard.length, trial, best, elapsedMs: now() - start });
  }
  if (best === null) {
    const reasons = leaderboard.map((t) => t.error).filter(Boolean);
    const message = `no trial completed${reasons.length > 0 ? `: ${reasons[0]}` : leaderboard.length === 0 ? ': the time budget was too short for one trial' : ''}`;
    throw new InvalidInputError(message, [{ path: ['timeBudgetSeconds'], message }]);
  }
  signal?.throwIfAborted();
  const winner = chosen.find((l) => l.family === best?.family) as Learner;
  const encoded = transformRaw(fullSpec, encodeTable(fullSpec, data), n);
  const fitted = await winner.fit(
    trainingSet(encoded, n, fullSpec.outputs.length, target.y, task, nClasses),
    best.hyperparameters,
    {
      seed: settings.seed,
      deadline: start + budgetMs,
      ...(signal === undefined ? {} : { signal }),
    },
  );
  const artifact: AutoMlArtifact = {
    format: AUTOML_ARTIFACT_FORMAT,
    version: 1,
    target: settings.target,
    task,
    classes: [...target.classes],
    featurizer: fullSpec as FeaturizerSpec,
    learner: fitted.toJSON(),
  };
  return {
    settings,
    task,
    classes: target.classes,
    metric,
    greaterIsBetter: greater,
    validation,
    guardrails,
    leaderboard,
    bestTrial: best.trial,
    rows: n,
    stoppedBy,
    elapsedMs: now() - start,
    artifact,
  };
}
