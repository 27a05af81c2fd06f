import type { DataTable } from '../../data/types.js';
import { InvalidInputError } from '../../errors/index.js';
import { parseDate } from './inferColumnType.js';
import { murmurhash3String } from './murmurhash3.js';
import type { ColumnPlan, DatePart, FeaturizerSpec } from './types.js';

/** A calendar part of a UTC time in ms, as pandas' `Series.dt` gives it (weekday: Monday = 0). */
export function datePart(ms: number, part: DatePart): number {
  const d = new Date(ms);
  switch (part) {
    case 'year':
      return d.getUTCFullYear();
    case 'month':
      return d.getUTCMonth() + 1;
    case 'day':
      return d.getUTCDate();
    case 'weekday':
      return (d.getUTCDay() + 6) % 7;
    case 'hour':
      return d.getUTCHours();
    case 'minute':
      return d.getUTCMinutes();
  }
}

const isMissing = (value: unknown): boolean =>
  value === null ||
  value === undefined ||
  value === '' ||
  (typeof value === 'number' && Number.isNaN(value));

/**
 * One raw value of a column as the number the featurized model reads (its "raw code"): a number
 * for a numeric column, the category's index (−1 when unseen) for a categorical one, the signed
 * 32-bit MurmurHash3 of the category's UTF-8 text for a hashed one (seen or not), ms since the
 * epoch for a date; NaN when missing (null, '', NaN).
 * @throws InvalidInputError naming the column when the value has the wrong type.
 */
export function encodeRawValue(plan: ColumnPlan, value: unknown): number {
  if (isMissing(value)) return Number.NaN;
  switch (plan.type) {
    case 'numeric': {
      if (typeof value === 'boolean') return value ? 1 : 0;
      const n = typeof value === 'string' ? Number(value.trim()) : value;
      if (typeof n === 'number' && Number.isFinite(n)) return n;
      break;
    }
    case 'categorical': {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        return plan.categories.indexOf(String(value));
      }
      break;
    }
    case 'hashed': {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        return murmurhash3String(String(value));
      }
      break;
    }
    case 'datetime': {
      if (typeof value === 'string') {
        const ms = parseDate(value);
        if (!Number.isNaN(ms)) return ms;
      } else if (typeof value === 'number' && Number.isFinite(value)) {
        return value;
      }
      break;
    }
  }
  const shown = JSON.stringify(value);
  const expected =
    plan.type === 'numeric'
      ? 'a number'
      : plan.type === 'datetime'
        ? 'an ISO 8601 date'
        : 'a category (string)';
  const message = `feature '${plan.name}' has ${shown && shown.length > 40 ? `${shown.slice(0, 37)}…` : shown}; expected ${expected} or null`;
  throw new InvalidInputError(message, [{ path: [plan.name], message }]);
}

/** The raw codes of a table's columns (rows × spec.columns), matched by name. */
export function encodeTable(spec: FeaturizerSpec, table: DataTable): Float64Array {
  const cols = spec.columns.length;
  const out = new Float64Array(table.rows * cols);
  spec.columns.forEach((plan, j) => {
    const column = table.column(plan.name);
    for (let i = 0; i < table.rows; i++) {
      out[i * cols + j] = encodeRawValue(plan, column.values[i]);
    }
  });
  return out;
}

/** Width of {@link transformRaw}'s output. */
export const featurizedWidth = (spec: FeaturizerSpec): number => spec.outputs.length;

/**
 * The output column of hash h among `nFeatures` (`FeatureHasher`: |h| mod n_features, where
 * sklearn/feature_extraction/_hashing_fast.pyx writes |−2³¹| mod n as (2³¹ − 1 − (n − 1)) mod n
 * to stay in int32; in float64 |−2³¹| = 2³¹ is exact, and the two agree).
 */
export const hashColumn = (h: number, nFeatures: number): number => Math.abs(h) % nFeatures;

/**
 * The engineered features of rows given as raw codes (`rows × spec.columns.length`, see
 * {@link encodeRawValue}): `rows × spec.outputs.length`, in `outputs` order. A hashed column's
 * code h (its category's MurmurHash3, or the most frequent one's when missing) adds +1 (h ≥ 0)
 * or −1 (h < 0) to column {@link hashColumn}(h), the others 0 — `FeatureHasher` with
 * `alternate_sign=True` on a one-string sample.
 */
export function transformRaw(spec: FeaturizerSpec, raw: Float64Array, rows: number): Float64Array {
  const inCols = spec.columns.length;
  const outCols = spec.outputs.length;
  const out = new Float64Array(rows * outCols);
  for (let i = 0; i < rows; i++) {
    let k = i * outCols;
    for (let j = 0; j < inCols; j++) {
      const plan = spec.columns[j] as ColumnPlan;
      const v = raw[i * inCols + j] as number;
      const missing = Number.isNaN(v);
      if (plan.type === 'numeric') {
        out[k++] = missing ? 0 : (v - plan.mean) / plan.scale;
      } else if (plan.type === 'datetime') {
        for (const p of plan.parts) {
          out[k++] = missing ? 0 : (datePart(v, p.part) - p.mean) / p.scale;
        }
      } else if (plan.type === 'hashed') {
        // A code that is not an int32 hash (a hand-made matrix) is truncated to one, as int32 would.
        const h = missing ? plan.mostFrequentHash : v | 0;
        const at = k + hashColumn(h, plan.nFeatures);
        out[at] = (out[at] as number) + (h >= 0 ? 1 : -1);
        k += plan.nFeatures;
      } else {
        const code = missing ? plan.mostFrequent : v;
        let hit = false;
        for (const kept of plan.kept) {
          const on = kept === code;
          hit ||= on;
          out[k++] = on ? 1 : 0;
        }
        if (plan.infrequent) out[k++] = hit ? 0 : 1;
      }
      if (plan.indicator) out[k++] = missing ? 1 : 0;
    }
  }
  return out;
}
