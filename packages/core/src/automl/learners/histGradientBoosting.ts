import { InvalidInputError } from '../../errors/index.js';
import { SeededRandom } from '../../stats/random.js';
import { applyBins, findBinEdges } from './trees/binning.js';
import { BoostedTreesModel, rawOutputs, sigmoid, softmaxRows } from './trees/boostedTreesModel.js';
import { assertTrainingSet, FitControl, resolveHyperparameters } from './trees/fitControl.js';
import { addTreePredictions, type FlatTree } from './trees/flatTree.js';
import { HistGrower } from './trees/histGrower.js';
import type {
  FitOptions,
  FittedLearner,
  HyperparameterDomain,
  Hyperparameters,
  Learner,
  TrainingSet,
} from './types.js';

const SPACE = {
  /** Boosting rounds (at most: early stopping may end sooner); the cost a search grows. */
  max_iter: { kind: 'int', low: 4, high: 4096, log: true, init: 4 },
  learning_rate: { kind: 'float', low: 1 / 1024, high: 1, log: true, init: 0.1 },
  max_leaf_nodes: { kind: 'int', low: 4, high: 512, log: true, init: 4 },
  min_samples_leaf: { kind: 'int', low: 2, high: 256, log: true, init: 20 },
  l2_regularization: { kind: 'float', low: 1 / 1024, high: 1024, log: true, init: 1 / 1024 },
  /** Fraction of the features searched at each node (scikit-learn ≥ 1.4's `max_features`). */
  max_features: { kind: 'float', low: 0.1, high: 1, init: 1 },
} as const satisfies Record<string, HyperparameterDomain>;

/** scikit-learn's defaults: 255 bins, 10 rounds without a 1e-7 gain stop, 10 % held out beyond 10,000 rows. */
const MAX_BINS = 255;
const N_ITER_NO_CHANGE = 10;
const TOL = 1e-7;
const AUTO_EARLY_STOPPING_ROWS = 10_000;
const VALIDATION_FRACTION = 0.1;
const EPS = 1e-15;

/**
 * Histogram-based gradient boosting (Ke et al. 2017, LightGBM; Friedman 2001) with scikit-learn's
 * `HistGradientBoostingClassifier` / `HistGradientBoostingRegressor` semantics: features binned
 * into at most 255 quantile bins ({@link findBinEdges}), trees grown leaf-wise on gradient and
 * hessian histograms with histogram subtraction ({@link HistGrower}), `max_leaf_nodes`,
 * `min_samples_leaf`, `l2_regularization`, `learning_rate`, `max_features`; log-loss (binary),
 * softmax cross-entropy (one tree per class and round) or squared error. Without early stopping it
 * grows scikit-learn 1.2.1's trees: the same splits, thresholds and leaf sizes, leaf values within
 * 1e-12 (tests against trees exported from scikit-learn, on breast_cancer, wine, digits, diabetes).
 *
 * Early stopping on the validation loss (10 rounds without a gain of 1e-7, as scikit-learn's
 * `n_iter_no_change` / `tol`): on `options.validation` when given, else on a seeded 10 % split
 * (stratified for classification) when the set has more than 10,000 rows (scikit-learn's
 * `early_stopping='auto'`). Unlike scikit-learn, the model keeps the rounds up to the best
 * validation loss. Honors `options.deadline` (the rounds grown so far) and `options.signal`.
 *
 * @example
 * const model = await histGradientBoosting.fit(train, { max_iter: 200, max_leaf_nodes: 31 }, { seed: 7 });
 * model.predict(x, rows); // probabilities, rows × nClasses
 * model.shapValues?.(x, rows); // exact Tree SHAP of the log-odds
 */
export const histGradientBoosting: Learner = {
  family: 'hist_gbm',
  space: SPACE,
  costParameter: 'max_iter',
  // scikit-learn's defaults (LightGBM's are the same but for 20 rows per leaf), at the space's
  // floor of l2_regularization.
  startingPoints: [
    {
      max_iter: 100,
      learning_rate: 0.1,
      max_leaf_nodes: 31,
      min_samples_leaf: 20,
      l2_regularization: 1 / 1024,
      max_features: 1,
    },
  ],
  supports: () => true,
  async fit(
    set: TrainingSet,
    hyperparameters: Hyperparameters,
    options: FitOptions,
  ): Promise<FittedLearner> {
    const hp = resolveHyperparameters('hist_gbm', SPACE, hyperparameters);
    assertTrainingSet(set);
    if (options.validation) {
      assertTrainingSet(options.validation, 'validation set');
      if (options.validation.cols !== set.cols || options.validation.task !== set.task) {
        throw new InvalidInputError(
          `the validation set has ${options.validation.cols} columns and task ${options.validation.task}; expected ${set.cols} and ${set.task}`,
        );
      }
    }
    const control = new FitControl(options);
    control.throwIfAborted();
    const rng = new SeededRandom(options.seed);

    let train = set;
    let validation = options.validation;
    if (!validation && set.rows > AUTO_EARLY_STOPPING_ROWS) {
      const split = holdOut(set, VALIDATION_FRACTION, rng);
      train = split.train;
      validation = split.validation;
    }

    const { rows, cols, task } = train;
    const K = rawOutputs(task, train.nClasses);
    const w = train.sampleWeight;
    const edges = findBinEdges(train.x, rows, cols, MAX_BINS, rng);
    const binned = applyBins(edges, train.x, rows, cols);
    const grower = new HistGrower(
      binned,
      rows,
      cols,
      edges,
      {
        maxLeafNodes: hp.max_leaf_nodes as number,
        minSamplesLeaf: hp.min_samples_leaf as number,
        l2: hp.l2_regularization as number,
        learningRate: hp.learning_rate as number,
        maxFeatures: hp.max_features as number,
      },
      rng,
    );

    const baseline = initialScores(train);
    const raw = new Float64Array(rows * K);
    for (let i = 0; i < rows; i++) raw.set(baseline, i * K);
    const valRaw = validation ? new Float64Array(validation.rows * K) : undefined;
    if (validation && valRaw) for (let i = 0; i < validation.rows; i++) valRaw.set(baseline, i * K);

    const grad = new Float64Array(rows * K);
    const hess = new Float64Array(rows * K);
    const gk = new Float64Array(rows);
    const hk = new Float64Array(rows);
    const proba = new Float64Array(rows * K);
    const trees: FlatTree[] = [];
    let bestLoss =
      validation && valRaw ? validationLoss(valRaw, validation) : Number.POSITIVE_INFINITY;
    let bestRounds = 0;
    const maxIter = hp.max_iter as number;
    let rounds = 0;
    for (let it = 0; it < maxIter; it++) {
      if (it > 0 && control.expired()) break;
      await control.checkpoint();
      gradients(train, raw, proba, grad, hess, K, w);
      for (let k = 0; k < K; k++) {
        for (let i = 0; i < rows; i++) {
          gk[i] = grad[i * K + k] as number;
          hk[i] = hess[i * K + k] as number;
        }
        const tree = grower.grow(gk, hk, raw, K, k);
        trees.push(tree);
        if (validation && valRaw)
          addTreePredictions(tree, validation.x, validation.rows, cols, valRaw, K, k, 1);
      }
      rounds = it + 1;
      if (validation && valRaw) {
        const loss = validationLoss(valRaw, validation);
        if (loss < bestLoss - TOL) {
          bestLoss = loss;
          bestRounds = rounds;
        } else if (rounds - bestRounds >= N_ITER_NO_CHANGE) {
          break;
        }
      }
    }
    control.throwIfAborted();
    const kept = validation ? bestRounds : rounds;
    return new BoostedTreesModel(
      hp,
      task,
      task === 'regression' ? 0 : train.nClasses,
      cols,
      baseline,
      trees.slice(0, kept * K),
    );
  },
};

/** The constant raw score that minimises the loss: the mean, the log-odds or the class log-priors. */
function initialScores(set: TrainingSet): Float64Array {
  const { rows, y, task } = set;
  const w = set.sampleWeight;
  let total = 0;
  if (task === 'regression') {
    let sum = 0;
    for (let i = 0; i < rows; i++) {
      const wi = w ? (w[i] as number) : 1;
      sum += wi * (y[i] as number);
      total += wi;
    }
    return Float64Array.of(sum / total);
  }
  const counts = new Float64Array(set.nClasses);
  for (let i = 0; i < rows; i++) {
    const wi = w ? (w[i] as number) : 1;
    counts[y[i] as number] = (counts[y[i] as number] as number) + wi;
    total += wi;
  }
  const clip = (p: number) => Math.min(1 - EPS, Math.max(EPS, p));
  if (task === 'binary') {
    const p = clip((counts[1] as number) / total);
    return Float64Array.of(Math.log(p / (1 - p)));
  }
  // scikit-learn's symmetric multinomial logit: log(p_k / geometric mean of p).
  const p = counts.map((c) => clip(c / total));
  let meanLog = 0;
  for (const v of p) meanLog += Math.log(v);
  const gmean = Math.exp(meanLog / p.length);
  return p.map((v) => Math.log(v / gmean));
}

/**
 * Gradients and hessians of the loss at the current raw scores (weighted), rounded to float32 as
 * scikit-learn stores them (`G_H_DTYPE`): its histograms then sum the same numbers in the same
 * order, so splits that tie up to rounding are broken the same way and the trees agree.
 */
function gradients(
  set: TrainingSet,
  raw: Float64Array,
  proba: Float64Array,
  grad: Float64Array,
  hess: Float64Array,
  K: number,
  w: Float64Array | undefined,
): void {
  const { rows, y, task } = set;
  if (task === 'regression') {
    for (let i = 0; i < rows; i++) {
      const wi = w ? (w[i] as number) : 1;
      grad[i] = Math.fround(wi * ((raw[i] as number) - (y[i] as number)));
      hess[i] = wi;
    }
  } else if (task === 'binary') {
    for (let i = 0; i < rows; i++) {
      const wi = w ? (w[i] as number) : 1;
      const p = sigmoid(raw[i] as number);
      grad[i] = Math.fround(wi * (p - (y[i] as number)));
      hess[i] = Math.fround(wi * p * (1 - p));
    }
  } else {
    softmaxRows(raw, proba, rows, K);
    for (let i = 0; i < rows; i++) {
      const wi = w ? (w[i] as number) : 1;
      const yi = y[i] as number;
      for (let k = 0; k < K; k++) {
        const p = proba[i * K + k] as number;
        grad[i * K + k] = Math.fround(wi * (p - (k === yi ? 1 : 0)));
        hess[i * K + k] = Math.fround(wi * p * (1 - p));
      }
    }
  }
}

/** Mean loss on the validation rows (weighted): squared error, log-loss or cross-entropy. */
function validationLoss(raw: Float64Array, set: TrainingSet): number {
  const { rows, y, task, nClasses } = set;
  const w = set.sampleWeight;
  let loss = 0;
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const wi = w ? (w[i] as number) : 1;
    total += wi;
    const yi = y[i] as number;
    if (task === 'regression') {
      const d = (raw[i] as number) - yi;
      loss += wi * d * d;
    } else if (task === 'binary') {
      // log(1 + e^z) − y·z, computed without overflow.
      const z = raw[i] as number;
      loss += wi * (Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - yi * z);
    } else {
      const o = i * nClasses;
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < nClasses; c++)
        if ((raw[o + c] as number) > max) max = raw[o + c] as number;
      let sum = 0;
      for (let c = 0; c < nClasses; c++) sum += Math.exp((raw[o + c] as number) - max);
      loss += wi * (max + Math.log(sum) - (raw[o + yi] as number));
    }
  }
  return loss / total;
}

/** A seeded hold-out of `fraction` of the rows (per class for classification), as two sets. */
function holdOut(
  set: TrainingSet,
  fraction: number,
  rng: SeededRandom,
): { train: TrainingSet; validation: TrainingSet } {
  const { rows, cols } = set;
  const order = new Int32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  for (let i = rows - 1; i > 0; i--) {
    const j = rng.nextIndex(i + 1);
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
  const isVal = new Uint8Array(rows);
  if (set.task === 'regression') {
    const n = Math.max(1, Math.round(rows * fraction));
    for (let k = 0; k < n; k++) isVal[order[k] as number] = 1;
  } else {
    const counts = new Float64Array(set.nClasses);
    for (let i = 0; i < rows; i++)
      counts[set.y[i] as number] = (counts[set.y[i] as number] as number) + 1;
    const want = counts.map((c) => Math.round(c * fraction));
    for (let k = 0; k < rows; k++) {
      const i = order[k] as number;
      const c = set.y[i] as number;
      if ((want[c] as number) > 0) {
        isVal[i] = 1;
        want[c] = (want[c] as number) - 1;
      }
    }
  }
  const pick = (flag: number): TrainingSet => {
    let n = 0;
    for (let i = 0; i < rows; i++) if (isVal[i] === flag) n++;
    const x = new Float64Array(n * cols);
    const y = new Float64Array(n);
    const sw = set.sampleWeight ? new Float64Array(n) : undefined;
    let k = 0;
    for (let i = 0; i < rows; i++) {
      if (isVal[i] !== flag) continue;
      x.set(set.x.subarray(i * cols, (i + 1) * cols), k * cols);
      y[k] = set.y[i] as number;
      if (sw && set.sampleWeight) sw[k] = set.sampleWeight[i] as number;
      k++;
    }
    return {
      x,
      rows: n,
      cols,
      y,
      task: set.task,
      nClasses: set.nClasses,
      ...(sw ? { sampleWeight: sw } : {}),
    };
  };
  return { train: pick(0), validation: pick(1) };
}
