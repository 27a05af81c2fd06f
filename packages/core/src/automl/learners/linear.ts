import { choleskySolve } from '../../linalg/leastSquares.js';
import { lbfgs } from '../optimize/lbfgs.js';
import type {
  FitOptions,
  FittedLearner,
  Hyperparameters,
  Learner,
  SerializedLearner,
  TrainingSet,
} from './types.js';

/** The stored coefficients of a linear learner: `coef` is `outputs × cols`, row-major. */
interface LinearState {
  coef: number[];
  intercept: number[];
}

/**
 * The regularisation strength of a trial: `C` (inverse strength, as scikit-learn's
 * `LogisticRegression(C)`); a ridge regression uses `alpha = 1 / C` (`Ridge(alpha)`), so one
 * hyperparameter means "less regularisation" in both tasks and one search space serves both.
 */
function inverseStrength(hyperparameters: Hyperparameters): number {
  const c = hyperparameters.C ?? 1;
  if (typeof c !== 'number' || !(c > 0) || !Number.isFinite(c)) {
    throw new RangeError(`linear learner: C is ${String(c)}; expected a finite number > 0`);
  }
  return c;
}

function weights(train: TrainingSet): Float64Array {
  return train.sampleWeight ?? new Float64Array(train.rows).fill(1);
}

/**
 * Ridge regression as scikit-learn's `Ridge(alpha, fit_intercept=True, solver='cholesky')`:
 * minimises Σᵢ swᵢ (yᵢ − xᵢw − b)² + α‖w‖² by centring X and y on their weighted means (the
 * intercept is not penalised) and solving (XcᵀSXc + αI) w = XcᵀS yc; b = ȳ − x̄ᵀw.
 */
function fitRidge(train: TrainingSet, alpha: number): LinearState {
  const { x, rows, cols, y } = train;
  const sw = weights(train);
  let total = 0;
  const mean = new Float64Array(cols);
  let yMean = 0;
  for (let i = 0; i < rows; i++) {
    const wi = sw[i] as number;
    total += wi;
    yMean += wi * (y[i] as number);
    for (let j = 0; j < cols; j++) mean[j] = (mean[j] as number) + wi * (x[i * cols + j] as number);
  }
  yMean /= total;
  for (let j = 0; j < cols; j++) mean[j] = (mean[j] as number) / total;
  const a = new Float64Array(cols * cols);
  const b = new Float64Array(cols);
  const row = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const wi = sw[i] as number;
    for (let j = 0; j < cols; j++) row[j] = (x[i * cols + j] as number) - (mean[j] as number);
    const yc = (y[i] as number) - yMean;
    for (let j = 0; j < cols; j++) {
      const rj = wi * (row[j] as number);
      b[j] = (b[j] as number) + rj * yc;
      for (let k = 0; k <= j; k++)
        a[j * cols + k] = (a[j * cols + k] as number) + rj * (row[k] as number);
    }
  }
  for (let j = 0; j < cols; j++) {
    for (let k = 0; k < j; k++) a[k * cols + j] = a[j * cols + k] as number;
    a[j * cols + j] = (a[j * cols + j] as number) + alpha;
  }
  const coef = cols === 0 ? new Float64Array(0) : choleskySolve(a, cols, b);
  if (coef === undefined) throw new RangeError('ridge: the regularised Gram matrix is singular');
  let intercept = yMean;
  for (let j = 0; j < cols; j++) intercept -= (mean[j] as number) * (coef[j] as number);
  return { coef: Array.from(coef), intercept: [intercept] };
}

/**
 * L2-regularised logistic regression as scikit-learn's `LogisticRegression(C, solver='lbfgs')`:
 * minimises C Σᵢ swᵢ logloss(yᵢ, softmax(Wxᵢ + b)) + ½‖W‖² (the intercept not penalised) by
 * L-BFGS. Binary targets use one coefficient row (sigmoid), more classes the multinomial
 * (softmax) loss, as scikit-learn 1.2's `multi_class='auto'` does. The objective is divided by
 * Σ sw (the same minimiser) so that tolerances do not depend on the number of rows.
 */
function fitLogistic(train: TrainingSet, c: number, options: FitOptions): LinearState {
  const { x, rows, cols, y, nClasses } = train;
  const sw = weights(train);
  let total = 0;
  for (let i = 0; i < rows; i++) total += sw[i] as number;
  const outputs = nClasses === 2 ? 1 : nClasses;
  const stride = cols + 1;
  const penalty = 1 / (c * total);
  const z = new Float64Array(outputs);
  const objective = (w: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    for (let i = 0; i < rows; i++) {
      const wi = (sw[i] as number) / total;
      const label = y[i] as number;
      for (let k = 0; k < outputs; k++) {
        let s = w[k * stride + cols] as number;
        for (let j = 0; j < cols; j++)
          s += (w[k * stride + j] as number) * (x[i * cols + j] as number);
        z[k] = s;
      }
      if (outputs === 1) {
        const zi = z[0] as number;
        const t = label === 1 ? 1 : 0;
        // log(1 + e^z) − t z, computed without overflow.
        loss +=
          wi * ((zi > 0 ? zi + Math.log1p(Math.exp(-zi)) : Math.log1p(Math.exp(zi))) - t * zi);
        const p = zi >= 0 ? 1 / (1 + Math.exp(-zi)) : Math.exp(zi) / (1 + Math.exp(zi));
        const r = wi * (p - t);
        for (let j = 0; j < cols; j++)
          grad[j] = (grad[j] as number) + r * (x[i * cols + j] as number);
        grad[cols] = (grad[cols] as number) + r;
        continue;
      }
      let max = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < outputs; k++) max = Math.max(max, z[k] as number);
      let sum = 0;
      for (let k = 0; k < outputs; k++) sum += Math.exp((z[k] as number) - max);
      const logSum = max + Math.log(sum);
      loss += wi * (logSum - (z[label] as number));
      for (let k = 0; k < outputs; k++) {
        const r = wi * (Math.exp((z[k] as number) - logSum) - (k === label ? 1 : 0));
        const base = k * stride;
        for (let j = 0; j < cols; j++)
          grad[base + j] = (grad[base + j] as number) + r * (x[i * cols + j] as number);
        grad[base + cols] = (grad[base + cols] as number) + r;
      }
    }
    for (let k = 0; k < outputs; k++) {
      for (let j = 0; j < cols; j++) {
        const v = w[k * stride + j] as number;
        loss += 0.5 * penalty * v * v;
        grad[k * stride + j] = (grad[k * stride + j] as number) + penalty * v;
      }
    }
    return loss;
  };
  const result = lbfgs(objective, new Float64Array(outputs * stride), {
    gtol: 1e-7,
    maxIterations: 5000,
    ...(options.deadline === undefined ? {} : { deadline: options.deadline }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const coef: number[] = [];
  const intercept: number[] = [];
  for (let k = 0; k < outputs; k++) {
    for (let j = 0; j < cols; j++) coef.push(result.w[k * stride + j] as number);
    intercept.push(result.w[k * stride + cols] as number);
  }
  if (outputs > 1) {
    // The intercepts are not penalised, so any common shift fits equally well: centre them
    // (scikit-learn's multinomial answer has the same probabilities) so the fit is unique.
    const m = intercept.reduce((a, v) => a + v, 0) / outputs;
    for (let k = 0; k < outputs; k++) intercept[k] = (intercept[k] as number) - m;
  }
  return { coef, intercept };
}

class FittedLinear implements FittedLearner {
  readonly family = 'linear' as const;
  constructor(
    readonly task: TrainingSet['task'],
    readonly nClasses: number,
    readonly cols: number,
    readonly hyperparameters: Hyperparameters,
    private readonly state: LinearState,
  ) {}

  predict(x: Float64Array, rows: number): Float64Array {
    const { cols, state } = this;
    const outputs = state.intercept.length;
    const z = new Float64Array(rows * outputs);
    for (let i = 0; i < rows; i++) {
      for (let k = 0; k < outputs; k++) {
        let s = state.intercept[k] as number;
        for (let j = 0; j < cols; j++)
          s += (state.coef[k * cols + j] as number) * (x[i * cols + j] as number);
        z[i * outputs + k] = s;
      }
    }
    if (this.task === 'regression') return z;
    const out = new Float64Array(rows * this.nClasses);
    for (let i = 0; i < rows; i++) {
      if (outputs === 1) {
        // scipy's expit, as LogisticRegression.predict_proba for a binary model.
        const p = 1 / (1 + Math.exp(-(z[i] as number)));
        out[i * 2] = 1 - p;
        out[i * 2 + 1] = p;
        continue;
      }
      let max = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < outputs; k++) max = Math.max(max, z[i * outputs + k] as number);
      let sum = 0;
      for (let k = 0; k < outputs; k++) {
        const e = Math.exp((z[i * outputs + k] as number) - max);
        out[i * outputs + k] = e;
        sum += e;
      }
      for (let k = 0; k < outputs; k++)
        out[i * outputs + k] = (out[i * outputs + k] as number) / sum;
    }
    return out;
  }

  toJSON(): SerializedLearner {
    return {
      family: 'linear',
      version: 1,
      task: this.task,
      nClasses: this.nClasses,
      cols: this.cols,
      hyperparameters: this.hyperparameters,
      state: this.state,
    };
  }

  /** The coefficients (`outputs × cols`) and intercepts, for tests and linear explanations. */
  coefficients(): { coef: readonly number[]; intercept: readonly number[] } {
    return this.state;
  }
}

/**
 * Regularised linear models: ridge regression for regression, L2 logistic regression (binary,
 * multinomial) for classification, with one hyperparameter `C` (see {@link inverseStrength}).
 * Deterministic (no random choice, so the seed is unused); the fit is cheap, hence no cost
 * parameter.
 */
export const linearLearner: Learner = {
  family: 'linear',
  space: { C: { kind: 'float', low: 1e-3, high: 1e3, log: true, init: 1 } },
  supports: () => true,
  async fit(train, hyperparameters, options) {
    options.signal?.throwIfAborted();
    const c = inverseStrength(hyperparameters);
    const state =
      train.task === 'regression' ? fitRidge(train, 1 / c) : fitLogistic(train, c, options);
    return new FittedLinear(
      train.task,
      train.nClasses,
      train.cols,
      { ...hyperparameters, C: c },
      state,
    );
  },
};

/** Rebuilds a fitted linear learner from {@link FittedLearner.toJSON}'s output. */
export function reviveLinear(serialized: SerializedLearner): FittedLearner {
  const state = serialized.state as LinearState;
  const outputs =
    serialized.task === 'regression' || serialized.nClasses === 2 ? 1 : serialized.nClasses;
  if (
    !state ||
    !Array.isArray(state.coef) ||
    !Array.isArray(state.intercept) ||
    state.intercept.length !== outputs ||
    state.coef.length !== outputs * serialized.cols ||
    ![...state.coef, ...state.intercept].every((v) => typeof v === 'number' && Number.isFinite(v))
  ) {
    throw new RangeError(
      `linear learner state must have ${outputs} × ${serialized.cols} finite coefficients and ${outputs} intercepts`,
    );
  }
  return new FittedLinear(
    serialized.task,
    serialized.nClasses,
    serialized.cols,
    serialized.hyperparameters,
    { coef: [...state.coef], intercept: [...state.intercept] },
  );
}
