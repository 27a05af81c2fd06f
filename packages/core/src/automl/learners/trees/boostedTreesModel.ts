import { InvalidInputError } from '../../../errors/index.js';
import { addTreeShap, treeExpectedValue } from '../../treeshap/treeShap.js';
import type { AutoMlTask, FittedLearner, Hyperparameters, SerializedLearner } from '../types.js';
import { assertPredictInput } from './fitControl.js';
import {
  addTreePredictions,
  type FlatTree,
  reviveFlatTree,
  type SerializedFlatTree,
  serializeFlatTree,
} from './flatTree.js';

/** The `state` of a serialized `hist_gbm`. */
export interface BoostedTreesState {
  /** The raw score before any tree, per output (log-odds, class log-priors or the mean). */
  readonly baseline: number[];
  /** Tree t adds to output `t mod outputs` (one tree per class and round for multiclass). */
  readonly trees: SerializedFlatTree[];
}

/** Raw outputs per row: 1 for regression and binary (the log-odds of class 1), one per class for multiclass. */
export function rawOutputs(task: AutoMlTask, nClasses: number): number {
  return task === 'multiclass' ? nClasses : 1;
}

/**
 * A boosted sum of regression trees: raw score = baseline + Σ trees, turned into probabilities by
 * the logistic function (binary) or softmax (multiclass), as scikit-learn's
 * `HistGradientBoostingClassifier.predict_proba` does.
 */
export class BoostedTreesModel implements FittedLearner {
  readonly family = 'hist_gbm' as const;

  constructor(
    readonly hyperparameters: Hyperparameters,
    readonly task: AutoMlTask,
    readonly nClasses: number,
    readonly cols: number,
    readonly baseline: Float64Array,
    readonly trees: readonly FlatTree[],
  ) {}

  /** The raw scores (`rows × outputs`): margins for classification, values for regression. */
  rawPredict(x: Float64Array, rows: number): Float64Array {
    assertPredictInput(x, rows, this.cols);
    const k = this.baseline.length;
    const raw = new Float64Array(rows * k);
    for (let i = 0; i < rows; i++) raw.set(this.baseline, i * k);
    this.trees.forEach((tree, t) => {
      addTreePredictions(tree, x, rows, this.cols, raw, k, t % k, 1);
    });
    return raw;
  }

  predict(x: Float64Array, rows: number): Float64Array {
    const raw = this.rawPredict(x, rows);
    return rawToPrediction(raw, rows, this.task, this.nClasses);
  }

  /** Tree SHAP of the raw score (log-odds / class margins / value), as shap reports for boosted trees. */
  shapValues(x: Float64Array, rows: number) {
    assertPredictInput(x, rows, this.cols);
    const outputs = this.baseline.length;
    const values = new Float64Array(rows * this.cols * outputs);
    const expectedValue = Float64Array.from(this.baseline);
    this.trees.forEach((tree, t) => {
      const k = t % outputs;
      addTreeShap(tree, x, rows, this.cols, values, { stride: outputs, offset: k, scale: 1 });
      expectedValue[k] = (expectedValue[k] as number) + (treeExpectedValue(tree)[0] as number);
    });
    return { values, expectedValue, outputs, space: 'raw' as const };
  }

  toJSON(): SerializedLearner {
    const state: BoostedTreesState = {
      baseline: Array.from(this.baseline),
      trees: this.trees.map(serializeFlatTree),
    };
    return {
      family: 'hist_gbm',
      version: 1,
      task: this.task,
      nClasses: this.nClasses,
      cols: this.cols,
      hyperparameters: { ...this.hyperparameters },
      state,
    };
  }

  static revive(json: SerializedLearner): BoostedTreesModel {
    const state = json.state as Partial<BoostedTreesState> | null;
    const outputs = rawOutputs(json.task, json.nClasses);
    if (
      state === null ||
      typeof state !== 'object' ||
      !Array.isArray(state.trees) ||
      !Array.isArray(state.baseline)
    ) {
      throw new InvalidInputError(
        'a serialized hist_gbm needs state.baseline and state.trees arrays',
      );
    }
    if (state.baseline.length !== outputs || state.baseline.some((v) => typeof v !== 'number')) {
      throw new InvalidInputError(`a serialized hist_gbm needs ${outputs} baseline numbers`);
    }
    if (state.trees.length % outputs !== 0) {
      throw new InvalidInputError(
        `a ${json.task} hist_gbm has a multiple of ${outputs} trees, got ${state.trees.length}`,
      );
    }
    const trees = state.trees.map((t) => reviveFlatTree(t, json.cols));
    for (const t of trees)
      if (t.outputs !== 1) throw new InvalidInputError('a hist_gbm tree has one output');
    return new BoostedTreesModel(
      json.hyperparameters,
      json.task,
      json.nClasses,
      json.cols,
      Float64Array.from(state.baseline),
      trees,
    );
  }
}

/** Raw scores to what `predict` returns: values, or probabilities (logistic / softmax). */
export function rawToPrediction(
  raw: Float64Array,
  rows: number,
  task: AutoMlTask,
  nClasses: number,
): Float64Array {
  if (task === 'regression') return raw;
  if (task === 'binary') {
    const out = new Float64Array(rows * 2);
    for (let i = 0; i < rows; i++) {
      const p = sigmoid(raw[i] as number);
      out[2 * i] = 1 - p;
      out[2 * i + 1] = p;
    }
    return out;
  }
  const out = new Float64Array(rows * nClasses);
  softmaxRows(raw, out, rows, nClasses);
  return out;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Row-wise softmax of `raw` (`rows × k`) into `out`, shifted by each row's maximum. */
export function softmaxRows(raw: Float64Array, out: Float64Array, rows: number, k: number): void {
  for (let i = 0; i < rows; i++) {
    const o = i * k;
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < k; c++) if ((raw[o + c] as number) > max) max = raw[o + c] as number;
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp((raw[o + c] as number) - max);
      out[o + c] = e;
      sum += e;
    }
    for (let c = 0; c < k; c++) out[o + c] = (out[o + c] as number) / sum;
  }
}
