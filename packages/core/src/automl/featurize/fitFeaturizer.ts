import type { DataTable, TableColumn } from '../../data/types.js';
import { InvalidInputError } from '../../errors/index.js';
import { type InferOptions, inferColumnType, parseDate } from './inferColumnType.js';
import { murmurhash3String } from './murmurhash3.js';
import { datePart } from './transform.js';
import {
  type CategoricalPlan,
  type ColumnPlan,
  DATE_PARTS,
  type DatetimePlan,
  type DroppedColumn,
  type FeaturizerSpec,
  type HashedPlan,
  type NumericPlan,
} from './types.js';

/** Options of {@link fitFeaturizer}. */
export interface FeaturizerOptions extends InferOptions {
  /**
   * A text-category column with at most this many categories is one-hot encoded, one column per
   * category; above it, it is high-cardinality (see `highCardinality`). With 'infrequent' this is
   * also the number of one-hot columns (the infrequent column included, as scikit-learn's
   * `max_categories`). @default 20
   */
  maxCategories?: number;
  /**
   * What a column with more than `maxCategories` categories becomes: 'hashing' —
   * `hashFeatures` columns of scikit-learn's `FeatureHasher` (every category, unseen ones
   * included, lands in the column its hash picks); 'infrequent' — one-hot over the
   * `maxCategories − 1` most frequent categories plus one column shared by the rest and by unseen
   * values (`OneHotEncoder(max_categories, handle_unknown='infrequent_if_exist')`).
   * @default 'hashing'
   */
  highCardinality?: 'hashing' | 'infrequent';
  /**
   * Columns a hashed column becomes (`FeatureHasher`'s `n_features`). 32, a power of two as
   * scikit-learn advises (so the modulo spreads hashes evenly), is about 1.5 × the default
   * `maxCategories`: a hashed column is not much wider than the one-hot columns of a column just
   * under the threshold, whatever its cardinality. With the alternating sign a category lands on
   * one of 2 × 32 (column, sign) slots, so among the 20 most frequent categories about
   * C(20, 2) / 64 ≈ 3 pairs share a slot — the price of a fixed width and of unseen categories
   * being spread by their hash instead of all falling into one infrequent column. @default 32
   */
  hashFeatures?: number;
  /** A numeric column whose |Pearson r| with an earlier kept one reaches this is dropped. @default 0.999 */
  nearDuplicate?: number;
}

/** Code-point order, as NumPy sorts Unicode strings (and so scikit-learn's categories). */
export const compareStrings = (a: string, b: string): number => {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = ((x[i] as string).codePointAt(0) ?? 0) - ((y[i] as string).codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
};

/** Population mean and standard deviation (ddof 0), as StandardScaler; a zero scale becomes 1. */
function meanScale(values: Float64Array): { mean: number; scale: number } {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  const std = Math.sqrt(ss / values.length);
  // scikit-learn's _handle_zeros_in_scale: a scale below 10 ε counts as zero.
  return { mean, scale: std < 10 * Number.EPSILON ? 1 : std };
}

/** SimpleImputer(strategy='mean') then StandardScaler on a column with NaN gaps. */
function fitNumber(values: Float64Array): { mean: number; scale: number; missing: number } {
  let sum = 0;
  let count = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    sum += v;
    count++;
  }
  const fill = sum / count;
  const imputed = values.map((v) => (Number.isNaN(v) ? fill : v));
  const { scale } = meanScale(imputed);
  // The scaler's mean of imputed values equals the imputer's fill (gaps were set to it); keep
  // the imputer's so a missing value lands exactly on 0 after scaling.
  return { mean: fill, scale, missing: values.length - count };
}

function fitNumeric(
  column: TableColumn & { kind: 'numeric' },
  inferred: 'numeric' | 'boolean',
): NumericPlan {
  const { mean, scale, missing } = fitNumber(column.values);
  return { name: column.name, type: 'numeric', inferred, mean, scale, indicator: missing > 0 };
}

function fitCategorical(
  values: readonly string[],
  name: string,
  inferred: 'categorical' | 'boolean',
  maxCategories: number,
): CategoricalPlan {
  const counts = new Map<string, number>();
  let missing = 0;
  for (const v of values) {
    if (v === '') missing++;
    else counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const categories = [...counts.keys()].sort(compareStrings);
  const count = categories.map((c) => counts.get(c) as number);
  // SimpleImputer(strategy='most_frequent'): the smallest of the most frequent values.
  let mostFrequent = 0;
  count.forEach((n, k) => {
    if (n > (count[mostFrequent] as number)) mostFrequent = k;
  });
  count[mostFrequent] = (count[mostFrequent] as number) + missing;
  let kept = categories.map((_, k) => k);
  let infrequent = false;
  if (categories.length > maxCategories) {
    // OneHotEncoder(max_categories): a stable ascending sort of the counts; all but the last
    // max_categories − 1 are infrequent (ties: the earlier category is infrequent first).
    const order = kept.slice().sort((a, b) => (count[a] as number) - (count[b] as number));
    const frequent = new Set(order.slice(order.length - (maxCategories - 1)));
    kept = kept.filter((k) => frequent.has(k));
    infrequent = true;
  }
  return {
    name,
    type: 'categorical',
    inferred,
    categories,
    mostFrequent,
    kept,
    infrequent,
    indicator: missing > 0,
  };
}

/**
 * A high-cardinality column hashed into `nFeatures` columns: `SimpleImputer(strategy=
 * 'most_frequent')` (the same choice as {@link fitCategorical}: the smallest of the most frequent
 * in code-point order), then `FeatureHasher` on the value's hash, then the indicator.
 */
function fitHashed(values: readonly string[], name: string, nFeatures: number): HashedPlan {
  const counts = new Map<string, number>();
  let missing = 0;
  for (const v of values) {
    if (v === '') missing++;
    else counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  let mostFrequent = '';
  let best = 0;
  for (const [category, n] of counts) {
    if (n > best || (n === best && compareStrings(category, mostFrequent) < 0)) {
      mostFrequent = category;
      best = n;
    }
  }
  return {
    name,
    type: 'hashed',
    inferred: 'categorical',
    nFeatures,
    nCategories: counts.size,
    mostFrequentHash: murmurhash3String(mostFrequent),
    indicator: missing > 0,
  };
}

function fitDatetime(values: readonly string[], name: string): DatetimePlan | undefined {
  const ms = Float64Array.from(values, (v) => (v === '' ? Number.NaN : parseDate(v)));
  const parts: DatetimePlan['parts'][number][] = [];
  for (const part of DATE_PARTS) {
    const column = ms.map((t) => (Number.isNaN(t) ? t : datePart(t, part)));
    const distinct = new Set(column.filter((v) => !Number.isNaN(v)));
    if (distinct.size <= 1) continue; // a constant part (no times of day, one year) adds nothing
    const { mean, scale } = fitNumber(column);
    parts.push({ part, mean, scale });
  }
  if (parts.length === 0) return undefined;
  return { name, type: 'datetime', inferred: 'datetime', parts, indicator: ms.some(Number.isNaN) };
}

function pearson(a: Float64Array, b: Float64Array): number {
  let n = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i] as number) || Number.isNaN(b[i] as number)) continue;
    n++;
    sa += a[i] as number;
    sb += b[i] as number;
  }
  if (n < 3) return 0;
  const ma = sa / n;
  const mb = sb / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    sab += (x - ma) * (y - mb);
    saa += (x - ma) * (x - ma);
    sbb += (y - mb) * (y - mb);
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** Names of the engineered columns one plan produces. */
export function planOutputs(plan: ColumnPlan): string[] {
  const out: string[] = [];
  if (plan.type === 'numeric') out.push(plan.name);
  else if (plan.type === 'datetime')
    for (const p of plan.parts) out.push(`${plan.name}__${p.part}`);
  else if (plan.type === 'hashed')
    for (let k = 0; k < plan.nFeatures; k++) out.push(`${plan.name}#${k}`);
  else {
    for (const k of plan.kept) out.push(`${plan.name}=${plan.categories[k] as string}`);
    if (plan.infrequent) out.push(`${plan.name}=__infrequent`);
  }
  if (plan.indicator) out.push(`${plan.name}__missing`);
  return out;
}

/**
 * Fits the featurization of `features` (columns of `table`) on the training rows: infers each
 * column's type, drops constant, identifier-like, free-text and near-duplicate columns (each with
 * its reason), and fits the transforms {@link transformRaw} applies — for numbers (0/1 included)
 * and date parts scikit-learn's `SimpleImputer(strategy='mean')` + `MissingIndicator` (a column
 * only where training had gaps) + `StandardScaler`; for text categories `SimpleImputer(
 * strategy='most_frequent')` + indicator + `OneHotEncoder(handle_unknown='ignore')`; above
 * `maxCategories` categories, `FeatureHasher(n_features=hashFeatures, input_type='string')` on the
 * imputed value (the default), or `OneHotEncoder` with `max_categories` and
 * `handle_unknown='infrequent_if_exist'` (`highCardinality: 'infrequent'`).
 *
 * @throws InvalidInputError when a feature is not a column, no feature is left, or an option is
 * out of range.
 */
export function fitFeaturizer(
  table: DataTable,
  features: readonly string[],
  options: FeaturizerOptions = {},
): FeaturizerSpec {
  const {
    maxCategories = 20,
    nearDuplicate = 0.999,
    highCardinality = 'hashing',
    hashFeatures = 32,
  } = options;
  if (!Number.isInteger(hashFeatures) || hashFeatures < 1 || hashFeatures > 2 ** 20) {
    const message = `hashFeatures must be an integer from 1 to 1048576; got ${hashFeatures}`;
    throw new InvalidInputError(message, [{ path: ['hashFeatures'], message }]);
  }
  if (highCardinality !== 'hashing' && highCardinality !== 'infrequent') {
    const message = `highCardinality must be 'hashing' or 'infrequent'; got ${JSON.stringify(highCardinality)}`;
    throw new InvalidInputError(message, [{ path: ['highCardinality'], message }]);
  }
  const columns: ColumnPlan[] = [];
  const dropped: DroppedColumn[] = [];
  const numericValues: Float64Array[] = [];
  for (const name of features) {
    const column = table.column(name);
    const inferred = inferColumnType(column, options);
    if (inferred === 'constant') {
      dropped.push({ name, inferred, reason: 'constant: at most one distinct value' });
      continue;
    }
    if (inferred === 'identifier') {
      dropped.push({ name, inferred, reason: 'identifier-like: every value is distinct' });
      continue;
    }
    if (inferred === 'text') {
      dropped.push({
        name,
        inferred,
        reason: 'free text: mostly distinct values of several words (not featurized)',
      });
      continue;
    }
    if (column.kind === 'numeric') {
      const twin = columns.findIndex(
        (p, k) =>
          p.type === 'numeric' &&
          Math.abs(pearson(numericValues[k] as Float64Array, column.values)) >= nearDuplicate,
      );
      if (twin >= 0) {
        const r = pearson(numericValues[twin] as Float64Array, column.values);
        dropped.push({
          name,
          inferred,
          reason: `near-duplicate of '${(columns[twin] as ColumnPlan).name}' (Pearson r = ${r.toFixed(4)})`,
        });
        continue;
      }
      columns.push(fitNumeric(column, inferred === 'boolean' ? 'boolean' : 'numeric'));
      numericValues.push(column.values);
      continue;
    }
    if (inferred === 'datetime') {
      const plan = fitDatetime(column.values, name);
      if (plan === undefined) {
        dropped.push({ name, inferred, reason: 'constant: every date part is the same' });
        continue;
      }
      columns.push(plan);
    } else if (
      highCardinality === 'hashing' &&
      inferred !== 'boolean' &&
      new Set(column.values.filter((v) => v !== '')).size > maxCategories
    ) {
      columns.push(fitHashed(column.values, name, hashFeatures));
    } else {
      columns.push(
        fitCategorical(
          column.values,
          name,
          inferred === 'boolean' ? 'boolean' : 'categorical',
          maxCategories,
        ),
      );
    }
    numericValues.push(new Float64Array(0));
  }
  if (columns.length === 0) {
    const why = dropped.map((d) => `'${d.name}' (${d.reason})`).join(', ');
    const message = `no usable feature is left: ${why || 'there are no feature columns'}`;
    throw new InvalidInputError(message, [{ path: ['features'], message }]);
  }
  const outputs: string[] = [];
  const sources: number[] = [];
  columns.forEach((plan, j) => {
    for (const name of planOutputs(plan)) {
      outputs.push(name);
      sources.push(j);
    }
  });
  return { version: 1, columns, dropped, outputs, sources };
}
