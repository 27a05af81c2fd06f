import type { TableColumn } from '../../data/types.js';
import type { InferredType } from './types.js';

/** Thresholds of {@link inferColumnType}. */
export interface InferOptions {
  /** A column with at least this many non-missing rows whose values are all distinct is an identifier. @default 20 */
  identifierMinRows?: number;
  /** A text column whose values average at least this many words and are mostly distinct is free text. @default 3 */
  textMinWords?: number;
}

const BOOLEAN_WORDS = new Set(['true', 'false', 'yes', 'no', 't', 'f', 'y', 'n']);
/** ISO 8601 dates, with an optional time: what `Date.parse` reads the same everywhere. */
const ISO_DATE =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** `Date.parse` of an ISO date, as UTC when it has no zone (ms since the epoch; NaN if not a date). */
export function parseDate(text: string): number {
  if (!ISO_DATE.test(text)) return Number.NaN;
  const iso = text.replace(' ', 'T');
  const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/.test(iso) || !iso.includes('T') ? iso : `${iso}Z`;
  return Date.parse(zoned);
}

/**
 * What a training column holds, judged from its values (missing ones ignored):
 * - `constant`: at most one distinct value;
 * - `identifier`: every value distinct over ≥ `identifierMinRows` rows, and either text or
 *   consecutive integers (a row number);
 * - `boolean`: two values, 0/1 or words such as yes/no, true/false;
 * - `datetime`: every value an ISO 8601 date;
 * - `text`: mostly distinct values of several words (free text);
 * - `numeric` or `categorical` otherwise.
 */
export function inferColumnType(column: TableColumn, options: InferOptions = {}): InferredType {
  const { identifierMinRows = 20, textMinWords = 3 } = options;
  if (column.kind === 'numeric') {
    const seen = new Set<number>();
    let count = 0;
    let integers = true;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const v of column.values) {
      if (Number.isNaN(v)) continue;
      count++;
      seen.add(v);
      if (!Number.isInteger(v)) integers = false;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    if (seen.size <= 1) return 'constant';
    if (integers && count >= identifierMinRows && seen.size === count && max - min + 1 === count) {
      return 'identifier';
    }
    if (seen.size === 2 && seen.has(0) && seen.has(1)) return 'boolean';
    return 'numeric';
  }
  const seen = new Set<string>();
  let count = 0;
  let dates = 0;
  let words = 0;
  for (const v of column.values) {
    if (v === '') continue;
    count++;
    seen.add(v);
    if (!Number.isNaN(parseDate(v))) dates++;
    words += v.trim().split(/\s+/).length;
  }
  if (seen.size <= 1) return 'constant';
  if (dates === count) return 'datetime';
  if (seen.size === 2 && [...seen].every((v) => BOOLEAN_WORDS.has(v.toLowerCase())))
    return 'boolean';
  if (words / count >= textMinWords && seen.size > count / 2) return 'text';
  if (count >= identifierMinRows && seen.size === count) return 'identifier';
  return 'categorical';
}
