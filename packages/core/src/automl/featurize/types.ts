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
 * the most frequent category; one-hot over `kept` (all categories, or for high cardinality the
 * `maxCategories − 1` most frequent and one `name__infrequent` column for the rest and unseen
 * values).
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

export type ColumnPlan = NumericPlan | CategoricalPlan | DatetimePlan;

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
