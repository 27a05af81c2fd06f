/**
 * The contract between AutoML's search and the model families it tries. A learner fits a numeric,
 * already-featurized training set (the featurizer lives in the exported pipeline, not here) and
 * returns a fitted model that predicts, serializes itself to JSON and, for tree families, gives
 * exact SHAP values. Everything is seeded: the same set, hyperparameters and seed fit the same
 * model.
 */

/** What is predicted: detected from the target when the caller does not say. */
export type AutoMlTask = 'binary' | 'multiclass' | 'regression';

/** The model families AutoML searches over. */
export type LearnerFamily = 'linear' | 'mlp' | 'cart' | 'random_forest' | 'hist_gbm';

/**
 * A featurized training set, row-major: `x[i * cols + j]` is feature j of row i, every value finite
 * (the featurizer imputes). Classification targets are class indices `0 … nClasses − 1`;
 * regression targets are the values.
 */
export interface TrainingSet {
  readonly x: Float64Array;
  readonly rows: number;
  readonly cols: number;
  readonly y: Float64Array;
  readonly task: AutoMlTask;
  /** Number of classes (≥ 2) for classification; 0 for regression. */
  readonly nClasses: number;
  /** Optional per-row weights (all ones when absent). */
  readonly sampleWeight?: Float64Array;
}

/** One trial's settings: names and values as the family's {@link Learner.space} defines them. */
export type Hyperparameters = Readonly<Record<string, number | string | boolean>>;

/** The range a search may draw a hyperparameter from, and where a cost-aware search starts. */
export type HyperparameterDomain =
  | { kind: 'int'; low: number; high: number; log?: boolean; init: number }
  | { kind: 'float'; low: number; high: number; log?: boolean; init: number }
  | {
      kind: 'choice';
      values: readonly (string | number | boolean)[];
      init: string | number | boolean;
    };

export interface FitOptions {
  /** Seeds every random choice of the fit (bootstrap rows, feature subsets, initial weights). */
  readonly seed: number;
  /** Wall-clock time (ms since the epoch, `Date.now()`) after which a fit stops growing and returns what it has. */
  readonly deadline?: number;
  /** Aborts the fit (the run was cancelled): the learner throws the signal's reason. */
  readonly signal?: AbortSignal;
  /** Rows held out for early stopping (boosting rounds, MLP epochs), never the CV fold's test rows. */
  readonly validation?: TrainingSet;
}

/**
 * A fitted model on featurized input. `predict` returns `rows` values for regression and
 * `rows × nClasses` probabilities (row-major, each row summing to 1) for classification, binary
 * included.
 */
export interface FittedLearner {
  readonly family: LearnerFamily;
  readonly hyperparameters: Hyperparameters;
  readonly task: AutoMlTask;
  readonly nClasses: number;
  readonly cols: number;
  predict(x: Float64Array, rows: number): Float64Array;
  /** A JSON value that {@link reviveLearner} turns back into an equal model (same predictions, bit for bit). */
  toJSON(): SerializedLearner;
  /**
   * Exact SHAP values (tree families: the polynomial-time Tree SHAP of Lundberg et al., path
   * dependent, equal to shap's `TreeExplainer(feature_perturbation='tree_path_dependent')`), in the
   * model's raw output space (log-odds / margin for classifiers, as shap reports for boosted trees;
   * probabilities for forests and single trees). `values` is `rows × cols × outputs`, row-major;
   * `expectedValue` has one entry per output. Absent for families without an exact explainer.
   */
  shapValues?(
    x: Float64Array,
    rows: number,
  ): {
    values: Float64Array;
    expectedValue: Float64Array;
    outputs: number;
    space: 'raw' | 'probability';
  };
}

/** The stored form of a fitted learner (part of an AutoML model artifact). */
export interface SerializedLearner {
  readonly family: LearnerFamily;
  readonly version: 1;
  readonly task: AutoMlTask;
  readonly nClasses: number;
  readonly cols: number;
  readonly hyperparameters: Hyperparameters;
  /** Family-specific: coefficients, trees as flat arrays, layer weights. */
  readonly state: unknown;
}

/** A model family: its search space and how to fit it. */
export interface Learner {
  readonly family: LearnerFamily;
  readonly space: Readonly<Record<string, HyperparameterDomain>>;
  /**
   * The hyperparameter that drives the fit's cost (trees or rounds, epochs, iterations), which a
   * cost-aware search (FLAML's CFO) starts low and grows; absent when none does.
   */
  readonly costParameter?: string;
  /**
   * Configurations tried right after the low-cost start, before the local search moves (the
   * family's usual defaults, which do well on most tables): see {@link Flow2}.
   */
  readonly startingPoints?: readonly Hyperparameters[];
  supports(task: AutoMlTask): boolean;
  fit(
    train: TrainingSet,
    hyperparameters: Hyperparameters,
    options: FitOptions,
  ): Promise<FittedLearner>;
}
