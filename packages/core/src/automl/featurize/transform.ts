import type { DataTable } from '../../data/types.js';
import { InvalidInputError } from '../../errors/index.js';
import { parseDate } from './inferColumnType.js';
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
 * for a numeric column, the category's index (−1 when unseen) for a categorical one, ms since the
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
 * The engineered features of rows given as raw codes (`rows × spec.columns.length`, see
 * {@link encodeRawValue}): `rows × spec.outputs.length`, in `outputs` order.
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
