/** What a raw column was inferred to hold (see {@link inferColumnType}). */
export type InferredType =
  | 'numeric'
  | 'boolean'
  | 'categorical'
  | 'datetime'
  | 'text'
  | 'identifier'
  | 'constant';

/** A numeric (or 0/1) column: mean imputation, an indicator if it had gaps, standard scaling. */
export interface NumericPlan {
  readonly name: string;
  readonly type: 'numeric';
  readonly inferred: 'numeric' | 'boolean';
  readonly mean: number;
  readonly scale: number;
  /** A 0/1 `name__missing` column follows (the training column had missing values). */
  readonly indicator: boolean;
}

/**
 * A text-category column: raw values are coded as their index in `categories` (every training
 * category, sorted as NumPy sorts strings), −1 for an unseen one, NaN when missing; imputed with
 * the most frequent category; one-hot over `kept` (all categories, or for high cardinality with
 * `highCardinality: 'infrequent'` the `maxCategories − 1` most frequent and one
 * `name__infrequent` column for the rest and unseen values).
 */
export interface CategoricalPlan {
  readonly name: string;
  readonly type: 'categorical';
  readonly inferred: 'categorical' | 'boolean';
  readonly categories: readonly string[];
  /** Code (index in categories) that a missing value is imputed with. */
  readonly mostFrequent: number;
  /** Codes with a one-hot column of their own, in output order (ascending). */
  readonly kept: readonly number[];
  /** True: an `__infrequent` column gathers other known and unseen categories. */
  readonly infrequent: boolean;
  readonly indicator: boolean;
}

/**
 * A high-cardinality text-category column, hashed: scikit-learn's `FeatureHasher(n_features=
 * nFeatures, input_type='string', alternate_sign=True)` on the single (imputed) value of each row.
 * The raw code of a value is its signed 32-bit MurmurHash3 (seed 0, UTF-8; see
 * `murmurhash3String`), so unseen categories hash like known ones; NaN when missing, imputed
 * with `mostFrequentHash`. Hash h goes to output column |h| mod nFeatures (`name#0 …`) as +1 when
 * h ≥ 0 and −1 otherwise; an indicator column follows when training had gaps.
 */
export interface HashedPlan {
  readonly name: string;
  readonly type: 'hashed';
  readonly inferred: 'categorical';
  /** Output columns (`name#0 … name#{nFeatures − 1}`). */
  readonly nFeatures: number;
  /** Distinct categories in the training rows (reported by the high-cardinality guardrail). */
  readonly nCategories: number;
  /** The hash of the most frequent training category, which a missing value is imputed with. */
  readonly mostFrequentHash: number;
  readonly indicator: boolean;
}

/** The calendar parts a date/time column becomes (UTC), each imputed and scaled as a number. */
export const DATE_PARTS = ['year', 'month', 'day', 'weekday', 'hour', 'minute'] as const;
export type DatePart = (typeof DATE_PARTS)[number];

/** A date/time column: raw values coded as ms since the epoch (`Date.parse`), NaN when missing. */
export interface DatetimePlan {
  readonly name: string;
  readonly type: 'datetime';
  readonly inferred: 'datetime';
  readonly parts: readonly { part: DatePart; mean: number; scale: number }[];
  readonly indicator: boolean;
}

export type ColumnPlan = NumericPlan | CategoricalPlan | HashedPlan | DatetimePlan;

/** A column left out of the model, and why (reported beside the guardrails). */
export interface DroppedColumn {
  readonly name: string;
  readonly inferred: InferredType;
  readonly reason: string;
}

/**
 * A fitted featurizer: JSON, stored in the AutoML artifact. `columns` are the raw columns the
 * model takes, in order; `outputs` the engineered feature names, `sources[k]` the index in
 * `columns` engineered feature k comes from (to sum SHAP values back to raw columns).
 */
export interface FeaturizerSpec {
  readonly version: 1;
  readonly columns: readonly ColumnPlan[];
  readonly dropped: readonly DroppedColumn[];
  readonly outputs: readonly string[];
  readonly sources: readonly number[];
}
