import type { Label } from '../labels/index.js';
import type { Matrix } from '../linalg/index.js';

/** One input column of a model. */
export interface FeatureSpec {
  name: string;
  /** Every adapter here takes numeric input; categorical features arrive encoded. */
  type: 'numeric';
}

/** The columns a model expects, in order. */
export interface ModelInputSchema {
  features: FeatureSpec[];
}

/**
 * What `predict` returns per row:
 * - `regression`: `nOutputs` real values (most often one);
 * - `probability`: one column, P(class = `classes[1]`) of a binary classifier;
 * - `probabilities`: one column per class of `classes`, each row summing to 1.
 */
export type ModelOutput =
  | { kind: 'regression'; nOutputs: number }
  | { kind: 'probability'; classes: [Label, Label] }
  | { kind: 'probabilities'; classes: Label[] };

/**
 * A model Assay can explain: batch prediction over a `rows × features` matrix. Adapters exist for
 * the golden JSON specs ({@link createSpecModel}), TensorFlow.js, ONNX and remote KServe-v2
 * endpoints. Explainers call `predict` with large batches (and `columnVariants` where a model has
 * it), so that their cost is the model's.
 */
export interface Model {
  readonly inputSchema: ModelInputSchema;
  readonly output: ModelOutput;
  /** What the model is, for signatures and logs (e.g. `spec:mlp`, `tfjs:layers`, `onnx`). */
  readonly kind: string;
  /**
   * Predicts every row of `x` (`x.cols` must equal the number of features). Returns
   * `x.rows × width` values, row-major, where width is `nOutputs` (regression), 1 (probability)
   * or the number of classes.
   */
  predict(x: Matrix): Float64Array | Promise<Float64Array>;
  /**
   * The predicted class of each row, for classifiers that decide by a margin rather than by
   * comparing probabilities (scikit-learn's `LogisticRegression.predict`: decision > 0). When
   * absent, the class is the argmax of the probabilities (ties → the first class).
   */
  predictClasses?(x: Matrix): Label[] | Promise<Label[]>;
  /**
   * Rows per `predict` call that suit this model: small for in-process JavaScript models (the
   * batch then stays in the CPU cache), large for native, GPU or remote ones (fewer calls).
   * Explainers use it unless told otherwise.
   */
  readonly preferredBatchRows?: number;
  /**
   * Optional fast path for explainers that predict one fixed matrix many times with only a few
   * columns replaced (permutation importance: one column or group permuted per prediction).
   * `groups` are disjoint lists of column indices; the result's `predict(values)` gives, for each
   * group g and each of its variants, what `predict` gives for `x` with column groups[g][t]
   * replaced by values[g][t]: the same arithmetic up to the order of floating-point additions (no
   * approximation, no subtraction), without recomputing what the other columns contribute for
   * every variant. `undefined` when the model cannot or would rather not (the caller then uses
   * `predict`). `x` must not change while the result is in use.
   */
  columnVariants?(x: Matrix, groups: readonly (readonly number[])[]): ColumnVariants | undefined;
  /**
   * For models that take raw table values (AutoML pipelines, whose featurizer is part of the
   * model): turns a raw value of feature `feature` — a number, a category string, an ISO date,
   * or null / '' for missing — into the number `predict` reads in that column (NaN for missing).
   * Row readers ({@link featureRowsToMatrix}, batch tests' table columns) call it instead of
   * refusing text and gaps. Throws InvalidInputError naming the feature for a value of the wrong
   * type. Absent for models over numeric features only.
   */
  rawValue?(feature: number, value: unknown): number;
  /** Releases native resources (ONNX sessions, tensors); a no-op for pure-JS models. */
  dispose?(): void | Promise<void>;
}

/**
 * Predictions of one matrix with some of its columns replaced, from {@link Model.columnVariants}.
 * `values[g][t]` holds replacements of column `groups[g][t]`: `count × rows` values, i.e. `count`
 * variants one after another (the same count everywhere). The model reads them during the call
 * only.
 */
export interface ColumnVariants {
  /** Rows of the matrix. */
  readonly rows: number;
  /**
   * Per group, what {@link Model.predict} returns for each of its variants, variant after variant
   * (`count × rows × width` values). Many variants in one call let the model reuse what it
   * computed for a block of rows while that block is in the CPU cache.
   */
  predict(values: readonly (readonly Float64Array[])[]): Float64Array[];
  /** Same for {@link Model.predictClasses}; present whenever the model has that method. */
  predictClasses?(values: readonly (readonly Float64Array[])[]): Label[][];
}

/** Number of values `predict` returns per row. */
export function outputWidth(output: ModelOutput): number {
  switch (output.kind) {
    case 'regression':
      return output.nOutputs;
    case 'probability':
      return 1;
    case 'probabilities':
      return output.classes.length;
  }
}

/** True for an object that implements {@link Model} (used by the explainers' schemas). */
export function isModel(value: unknown): value is Model {
  if (value === null || typeof value !== 'object') return false;
  const m = value as Partial<Model>;
  return (
    typeof m.predict === 'function' &&
    typeof m.kind === 'string' &&
    Array.isArray(m.inputSchema?.features) &&
    typeof m.output === 'object' &&
    m.output !== null
  );
}

/** Default feature names `x0 … x{n−1}` (scikit-learn's `feature_names_out` style). */
export function defaultFeatures(n: number): FeatureSpec[] {
  return Array.from({ length: n }, (_, i) => ({ name: `x${i}`, type: 'numeric' as const }));
}
