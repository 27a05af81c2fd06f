import type * as TF from '@tensorflow/tfjs';
import { InvalidInputError } from '../../errors/index.js';
import { SeededRandom } from '../../stats/random.js';
import { type DenseWeights, forward } from './mlp/forward.js';
import { withTrainingBackend } from './mlp/trainingBackend.js';
import { rawToPrediction } from './trees/boostedTreesModel.js';
import {
  assertPredictInput,
  assertTrainingSet,
  FitControl,
  resolveHyperparameters,
} from './trees/fitControl.js';
import type {
  AutoMlTask,
  FitOptions,
  FittedLearner,
  HyperparameterDomain,
  Hyperparameters,
  Learner,
  SerializedLearner,
  TrainingSet,
} from './types.js';

const SPACE = {
  /** Units per hidden layer, first to last. */
  hidden_layers: {
    kind: 'choice',
    values: ['32', '64', '128', '256', '64-32', '128-64', '256-128', '128-128-64'],
    init: '64',
  },
  learning_rate: { kind: 'float', low: 1e-4, high: 3e-2, log: true, init: 1e-3 },
  /** Epochs at most (early stopping may end sooner): the cost a search grows. */
  max_epochs: { kind: 'int', low: 5, high: 500, log: true, init: 10 },
  batch_size: { kind: 'choice', values: [32, 64, 128, 256], init: 128 },
  /** L2 penalty on the kernels (scikit-learn's MLP `alpha`). */
  alpha: { kind: 'float', low: 1e-6, high: 1e-1, log: true, init: 1e-4 },
} as const satisfies Record<string, HyperparameterDomain>;

/** Epochs without a validation-loss gain of 1e-4 before stopping (scikit-learn MLP's `n_iter_no_change` and `tol`). */
const PATIENCE = 10;
const TOL = 1e-4;
/** A set of at least this many rows holds out 10 % for early stopping when no validation set is given. */
const MIN_ROWS_FOR_HOLDOUT = 200;

/** The `state` of a serialized `mlp`. */
export interface MlpState {
  /** Per feature: the training mean and standard deviation (1 for a constant feature). */
  readonly mean: number[];
  readonly scale: number[];
  /** Regression targets are standardized for training; predictions are scaled back. */
  readonly yMean: number;
  readonly yScale: number;
  readonly layers: { inputs: number; units: number; kernel: number[]; bias: number[] }[];
}

/**
 * A multilayer perceptron trained with TensorFlow.js (on {@link withTrainingBackend}'s backend):
 * ReLU hidden layers of the `hidden_layers` shape, Adam, Glorot-uniform kernels seeded from
 * `options.seed`, zero biases, an L2 penalty `alpha`, mini-batches in a seeded order; sigmoid +
 * log-loss (binary), softmax + cross-entropy (multiclass) or squared error on the standardized
 * target. Inputs are standardized inside the model. Early stopping on `options.validation` (else a
 * seeded 10 % of sets of 200 rows or more): stops after 10 epochs without a gain of 1e-4 and keeps
 * the best epoch's weights. Honors `options.deadline` (between batches after the first epoch;
 * the weights of the last whole or best epoch) and `options.signal` (between batches).
 *
 * Prediction runs the forward pass in TypeScript on the trained weights ({@link forward}).
 */
export const mlp: Learner = {
  family: 'mlp',
  space: SPACE,
  costParameter: 'max_epochs',
  supports: () => true,
  async fit(
    set: TrainingSet,
    hyperparameters: Hyperparameters,
    options: FitOptions,
  ): Promise<FittedLearner> {
    const hp = resolveHyperparameters('mlp', SPACE, hyperparameters);
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
    if (!validation && set.rows >= MIN_ROWS_FOR_HOLDOUT) {
      const split = holdOut(set, 0.1, rng);
      train = split.train;
      validation = split.validation;
    }
    const hidden = String(hp.hidden_layers).split('-').map(Number);
    const { mean, scale } = standardization(train);
    let yMean = 0;
    let yScale = 1;
    if (train.task === 'regression') {
      const s = columnStats(train.y, train.rows, 1);
      yMean = s.mean[0] as number;
      yScale = s.scale[0] as number;
    }
    const outputs = train.task === 'multiclass' ? train.nClasses : 1;
    const layers = await withTrainingBackend((tf) =>
      trainNetwork(
        tf,
        train,
        validation,
        hidden,
        outputs,
        { mean, scale, yMean, yScale },
        hp,
        options.seed,
        rng,
        control,
      ),
    );
    control.throwIfAborted();
    return new MlpModel(hp, set.task, set.task === 'regression' ? 0 : set.nClasses, set.cols, {
      mean: Array.from(mean),
      scale: Array.from(scale),
      yMean,
      yScale,
      layers: layers.map((l) => ({
        inputs: l.inputs,
        units: l.units,
        kernel: Array.from(l.kernel),
        bias: Array.from(l.bias),
      })),
    });
  },
};

interface Scaling {
  mean: Float64Array;
  scale: Float64Array;
  yMean: number;
  yScale: number;
}

async function trainNetwork(
  tf: typeof TF,
  train: TrainingSet,
  validation: TrainingSet | undefined,
  hidden: number[],
  outputs: number,
  scaling: Scaling,
  hp: Record<string, number | string | boolean>,
  seed: number,
  rng: SeededRandom,
  control: FitControl,
): Promise<DenseWeights[]> {
  const { rows, cols, task } = train;
  const xs = standardize(train.x, rows, cols, scaling.mean, scaling.scale);
  const xv = validation
    ? standardize(validation.x, validation.rows, cols, scaling.mean, scaling.scale)
    : undefined;
  const x32 = Float32Array.from(xs);
  const y32 = targets(train, outputs, scaling);

  const model = tf.sequential();
  const alpha = hp.alpha as number;
  const units = [...hidden, outputs];
  units.forEach((u, l) => {
    model.add(
      tf.layers.dense({
        units: u,
        ...(l === 0 ? { inputShape: [cols] } : {}),
        activation:
          l < hidden.length
            ? 'relu'
            : task === 'binary'
              ? 'sigmoid'
              : task === 'multiclass'
                ? 'softmax'
                : 'linear',
        // One seed per layer, derived from the fit's seed: the same seed gives the same weights.
        kernelInitializer: tf.initializers.glorotUniform({
          seed: (seed * 1009 + l * 7919 + 1) >>> 0,
        }),
        biasInitializer: 'zeros',
        kernelRegularizer: tf.regularizers.l2({ l2: alpha }),
      }),
    );
  });
  const loss =
    task === 'binary'
      ? 'binaryCrossentropy'
      : task === 'multiclass'
        ? 'categoricalCrossentropy'
        : 'meanSquaredError';
  const optimizer = tf.train.adam(hp.learning_rate as number);
  model.compile({ optimizer, loss });

  const batch = hp.batch_size as number;
  const order = new Int32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  const bx = new Float32Array(batch * cols);
  const by = new Float32Array(batch * outputs);
  let best = readWeights(model, cols, units);
  let bestLoss =
    xv && validation ? networkLoss(best, xv, validation, scaling) : Number.POSITIVE_INFINITY;
  let sinceBest = 0;
  const maxEpochs = hp.max_epochs as number;
  try {
    for (let epoch = 0; epoch < maxEpochs; epoch++) {
      if (epoch > 0 && control.expired()) break;
      await control.checkpoint();
      for (let i = rows - 1; i > 0; i--) {
        const j = rng.nextIndex(i + 1);
        const t = order[i] as number;
        order[i] = order[j] as number;
        order[j] = t;
      }
      let cut = false;
      for (let b = 0; b < rows; b += batch) {
        // A large epoch can outlast what is left of the budget: check between batches too.
        if (epoch > 0 && control.expired()) {
          cut = true;
          break;
        }
        await control.checkpoint();
        const n = Math.min(batch, rows - b);
        for (let k = 0; k < n; k++) {
          const i = order[b + k] as number;
          bx.set(x32.subarray(i * cols, (i + 1) * cols), k * cols);
          by.set(y32.subarray(i * outputs, (i + 1) * outputs), k * outputs);
        }
        const tx = tf.tensor2d(bx.subarray(0, n * cols), [n, cols]);
        const ty = tf.tensor2d(by.subarray(0, n * outputs), [n, outputs]);
        try {
          await model.trainOnBatch(tx, ty);
        } finally {
          tx.dispose();
          ty.dispose();
        }
      }
      // A cut epoch's weights saw only some rows: keep the last whole epoch's (or the best).
      if (cut) break;
      const weights = readWeights(model, cols, units);
      if (xv && validation) {
        const l = networkLoss(weights, xv, validation, scaling);
        if (l < bestLoss - TOL) {
          bestLoss = l;
          best = weights;
          sinceBest = 0;
        } else if (++sinceBest >= PATIENCE) {
          break;
        }
      } else {
        best = weights;
      }
    }
  } finally {
    model.dispose();
    optimizer.dispose();
  }
  return best;
}

function readWeights(model: TF.Sequential, cols: number, units: number[]): DenseWeights[] {
  const tensors = model.getWeights();
  return units.map((u, l) => ({
    inputs: l === 0 ? cols : (units[l - 1] as number),
    units: u,
    kernel: Float32Array.from((tensors[2 * l] as TF.Tensor).dataSync() as Float32Array),
    bias: Float32Array.from((tensors[2 * l + 1] as TF.Tensor).dataSync() as Float32Array),
  }));
}

/** The loss the fit minimises (without the penalty), on standardized rows, from {@link forward}. */
function networkLoss(
  layers: DenseWeights[],
  xs: Float64Array,
  set: TrainingSet,
  scaling: Scaling,
): number {
  const out = forward(layers, xs, set.rows);
  const pred = outputTransform(out, set.rows, set.task, set.nClasses, scaling);
  let loss = 0;
  for (let i = 0; i < set.rows; i++) {
    const yi = set.y[i] as number;
    if (set.task === 'regression') {
      const d = ((pred[i] as number) - yi) / scaling.yScale;
      loss += d * d;
    } else {
      const p = pred[i * set.nClasses + yi] as number;
      loss -= Math.log(Math.max(p, 1e-15));
    }
  }
  return loss / set.rows;
}

/** The last layer's outputs (logits computed in TypeScript) to predictions. */
function outputTransform(
  out: Float64Array,
  rows: number,
  task: AutoMlTask,
  nClasses: number,
  scaling: Scaling,
): Float64Array {
  if (task === 'regression') {
    const r = new Float64Array(rows);
    for (let i = 0; i < rows; i++) r[i] = (out[i] as number) * scaling.yScale + scaling.yMean;
    return r;
  }
  return rawToPrediction(out, rows, task, nClasses);
}

function targets(set: TrainingSet, outputs: number, scaling: Scaling): Float32Array {
  const y = new Float32Array(set.rows * outputs);
  for (let i = 0; i < set.rows; i++) {
    const v = set.y[i] as number;
    if (set.task === 'regression') y[i] = (v - scaling.yMean) / scaling.yScale;
    else if (set.task === 'binary') y[i] = v;
    else y[i * outputs + v] = 1;
  }
  return y;
}

function standardization(set: TrainingSet): { mean: Float64Array; scale: Float64Array } {
  return columnStats(set.x, set.rows, set.cols);
}

/** Column means and standard deviations (1 where a column is constant). */
function columnStats(
  x: Float64Array,
  rows: number,
  cols: number,
): { mean: Float64Array; scale: Float64Array } {
  const mean = new Float64Array(cols);
  const scale = new Float64Array(cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) mean[j] = (mean[j] as number) + (x[i * cols + j] as number);
  for (let j = 0; j < cols; j++) mean[j] = (mean[j] as number) / rows;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const d = (x[i * cols + j] as number) - (mean[j] as number);
      scale[j] = (scale[j] as number) + d * d;
    }
  }
  for (let j = 0; j < cols; j++) {
    const sd = Math.sqrt((scale[j] as number) / rows);
    scale[j] = sd > 0 ? sd : 1;
  }
  return { mean, scale };
}

function standardize(
  x: Float64Array,
  rows: number,
  cols: number,
  mean: ArrayLike<number>,
  scale: ArrayLike<number>,
): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++)
      out[i * cols + j] =
        ((x[i * cols + j] as number) - (mean[j] as number)) / (scale[j] as number);
  }
  return out;
}

/** A seeded 10 % hold-out (per class for classification). */
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
  const groups = set.task === 'regression' ? 1 : set.nClasses;
  const want = new Float64Array(groups);
  for (let i = 0; i < rows; i++) {
    const g = set.task === 'regression' ? 0 : (set.y[i] as number);
    want[g] = (want[g] as number) + fraction;
  }
  for (let g = 0; g < groups; g++) want[g] = Math.round(want[g] as number);
  for (let k = 0; k < rows; k++) {
    const i = order[k] as number;
    const g = set.task === 'regression' ? 0 : (set.y[i] as number);
    if ((want[g] as number) > 0) {
      isVal[i] = 1;
      want[g] = (want[g] as number) - 1;
    }
  }
  const pick = (flag: number): TrainingSet => {
    const idx: number[] = [];
    for (let i = 0; i < rows; i++) if (isVal[i] === flag) idx.push(i);
    const x = new Float64Array(idx.length * cols);
    const y = new Float64Array(idx.length);
    idx.forEach((i, k) => {
      x.set(set.x.subarray(i * cols, (i + 1) * cols), k * cols);
      y[k] = set.y[i] as number;
    });
    return { x, rows: idx.length, cols, y, task: set.task, nClasses: set.nClasses };
  };
  return { train: pick(0), validation: pick(1) };
}

/** A fitted MLP: standardization, dense layers, and the output transform of its task. */
export class MlpModel implements FittedLearner {
  readonly family = 'mlp' as const;
  private readonly layers: DenseWeights[];
  private readonly scaling: Scaling;

  constructor(
    readonly hyperparameters: Hyperparameters,
    readonly task: AutoMlTask,
    readonly nClasses: number,
    readonly cols: number,
    private readonly state: MlpState,
  ) {
    this.layers = state.layers.map((l) => ({
      inputs: l.inputs,
      units: l.units,
      kernel: Float32Array.from(l.kernel),
      bias: Float32Array.from(l.bias),
    }));
    this.scaling = {
      mean: Float64Array.from(state.mean),
      scale: Float64Array.from(state.scale),
      yMean: state.yMean,
      yScale: state.yScale,
    };
  }

  predict(x: Float64Array, rows: number): Float64Array {
    assertPredictInput(x, rows, this.cols);
    const xs = standardize(x, rows, this.cols, this.scaling.mean, this.scaling.scale);
    return outputTransform(
      forward(this.layers, xs, rows),
      rows,
      this.task,
      this.nClasses,
      this.scaling,
    );
  }

  toJSON(): SerializedLearner {
    return {
      family: 'mlp',
      version: 1,
      task: this.task,
      nClasses: this.nClasses,
      cols: this.cols,
      hyperparameters: { ...this.hyperparameters },
      state: this.state,
    };
  }

  static revive(json: SerializedLearner): MlpModel {
    const s = json.state as Partial<MlpState> | null;
    const bad = (what: string) => new InvalidInputError(`a serialized mlp ${what}`);
    if (s === null || typeof s !== 'object') throw bad('needs a state object');
    const nums = (a: unknown, n: number) =>
      Array.isArray(a) &&
      a.length === n &&
      a.every((v) => typeof v === 'number' && Number.isFinite(v));
    if (!nums(s.mean, json.cols) || !nums(s.scale, json.cols))
      throw bad(`needs mean and scale of ${json.cols} numbers`);
    if (typeof s.yMean !== 'number' || typeof s.yScale !== 'number')
      throw bad('needs yMean and yScale numbers');
    if (!Array.isArray(s.layers) || s.layers.length === 0) throw bad('needs at least one layer');
    let inputs = json.cols;
    for (const l of s.layers) {
      if (
        l === null ||
        typeof l !== 'object' ||
        l.inputs !== inputs ||
        !Number.isInteger(l.units) ||
        l.units < 1
      ) {
        throw bad(`layer takes ${l?.inputs} inputs; expected ${inputs}`);
      }
      if (!nums(l.kernel, l.inputs * l.units) || !nums(l.bias, l.units))
        throw bad('layer needs inputs × units kernel and units bias numbers');
      inputs = l.units;
    }
    const outputs = json.task === 'multiclass' ? json.nClasses : 1;
    if (inputs !== outputs) throw bad(`ends with ${inputs} units; expected ${outputs}`);
    return new MlpModel(json.hyperparameters, json.task, json.nClasses, json.cols, s as MlpState);
  }
}
