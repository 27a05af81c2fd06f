import { InvalidInputError } from '../../../errors/index.js';
import { addTreeShap, treeExpectedValue } from '../../treeshap/treeShap.js';
import type {
  AutoMlTask,
  FittedLearner,
  Hyperparameters,
  LearnerFamily,
  SerializedLearner,
} from '../types.js';
import { assertPredictInput } from './fitControl.js';
import {
  addTreePredictions,
  type FlatTree,
  reviveFlatTree,
  type SerializedFlatTree,
  serializeFlatTree,
} from './flatTree.js';

/** The `state` of a serialized CART or random forest: its trees. */
export interface AveragedTreesState {
  readonly trees: SerializedFlatTree[];
}

/**
 * A single tree or a forest whose prediction is the mean of its trees' leaf values (class
 * probabilities, as scikit-learn's forests average `predict_proba`; or regression values).
 */
export class AveragedTreesModel implements FittedLearner {
  constructor(
    readonly family: LearnerFamily,
    readonly hyperparameters: Hyperparameters,
    readonly task: AutoMlTask,
    readonly nClasses: number,
    readonly cols: number,
    readonly trees: readonly FlatTree[],
  ) {}

  private get outputs(): number {
    return this.task === 'regression' ? 1 : this.nClasses;
  }

  predict(x: Float64Array, rows: number): Float64Array {
    assertPredictInput(x, rows, this.cols);
    const outputs = this.outputs;
    const out = new Float64Array(rows * outputs);
    const scale = 1 / this.trees.length;
    for (const tree of this.trees)
      addTreePredictions(tree, x, rows, this.cols, out, outputs, 0, scale);
    return out;
  }

  /** Tree SHAP of the averaged probabilities (or values): one output per class, as shap reports for scikit-learn trees and forests. */
  shapValues(x: Float64Array, rows: number) {
    assertPredictInput(x, rows, this.cols);
    const outputs = this.outputs;
    const values = new Float64Array(rows * this.cols * outputs);
    const expectedValue = new Float64Array(outputs);
    const scale = 1 / this.trees.length;
    for (const tree of this.trees) {
      addTreeShap(tree, x, rows, this.cols, values, { stride: outputs, offset: 0, scale });
      const e = treeExpectedValue(tree);
      for (let k = 0; k < outputs; k++)
        expectedValue[k] = (expectedValue[k] as number) + scale * (e[k] as number);
    }
    return { values, expectedValue, outputs, space: 'probability' as const };
  }

  toJSON(): SerializedLearner {
    const state: AveragedTreesState = { trees: this.trees.map(serializeFlatTree) };
    return {
      family: this.family,
      version: 1,
      task: this.task,
      nClasses: this.nClasses,
      cols: this.cols,
      hyperparameters: { ...this.hyperparameters },
      state,
    };
  }

  static revive(json: SerializedLearner): AveragedTreesModel {
    const state = json.state as Partial<AveragedTreesState> | null;
    if (
      state === null ||
      typeof state !== 'object' ||
      !Array.isArray(state.trees) ||
      state.trees.length === 0
    ) {
      throw new InvalidInputError(
        `a serialized ${json.family} needs state.trees, a non-empty array`,
      );
    }
    const outputs = json.task === 'regression' ? 1 : json.nClasses;
    const trees = state.trees.map((t) => reviveFlatTree(t, json.cols));
    for (const t of trees) {
      if (t.outputs !== outputs)
        throw new InvalidInputError(
          `a ${json.family} tree has ${t.outputs} outputs; expected ${outputs}`,
        );
    }
    return new AveragedTreesModel(
      json.family,
      json.hyperparameters,
      json.task,
      json.nClasses,
      json.cols,
      trees,
    );
  }
}
