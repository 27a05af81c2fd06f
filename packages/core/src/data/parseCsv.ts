import { InvalidInputError } from '../errors/index.js';

/** One CSV record: its fields and the (1-based) line of the file where it starts. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

function fail(message: string): never {
  throw new InvalidInputError(message, [{ path: ['bytes'], message }]);
}

/**
 * Splits CSV text into records per RFC 4180: fields separated by `delimiter`, records by CRLF or
 * LF (a lone CR counts as a line break too), fields that hold the delimiter, a quote or a line
 * break enclosed in double quotes, a quote inside a quoted field doubled (`""`). Lines that are
 * entirely empty are skipped (pandas' `skip_blank_lines`), and so is the line break that ends the
 * last record. Internal: {@link parseDataset} is the public entry.
 *
 * @throws InvalidInputError on a quote inside an unquoted field, text after a closing quote, or a
 * quoted field that is never closed (a truncated file).
 */
export function tokenizeCsv(text: string, delimiter: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  eachCsvRecord(text, delimiter, (fields, line) => {
    records.push({ fields, line });
  });
  return records;
}

/**
 * {@link tokenizeCsv} without keeping the records: each is handed to `visit` (its fields and the
 * line where it starts) and may be dropped, so that a reader of some rows (a shard's row range)
 * holds only those.
 * @throws as {@link tokenizeCsv}
 */
export function eachCsvRecord(
  text: string,
  delimiter: string,
  visit: (fields: string[], line: number) => void,
): void {
  const delim = delimiter.charCodeAt(0);
  const n = text.length;
  let i = 0;
  let line = 1;
  // Positions of the next quote and CR: a record without either is split natively (fast path).
  let nextQuote = -1;
  let nextCr = -1;
  while (i < n) {
    if (nextQuote < i) nextQuote = text.indexOf('"', i) >>> 0; // -1 → 2³² − 1: none
    if (nextCr < i) nextCr = text.indexOf('\r', i) >>> 0;
    let lf = text.indexOf('\n', i);
    if (lf === -1) lf = n;
    const end = lf > i && text.charCodeAt(lf - 1) === CR ? lf - 1 : lf;
    if (nextQuote >= lf && nextCr >= end) {
      if (end > i) visit(text.slice(i, end).split(delimiter), line);
      i = lf + 1;
      line++;
      continue;
    }
    const start = line;
    const fields: string[] = [];
    let blank = true;
    // one record
    for (;;) {
      if (i < n && text.charCodeAt(i) === QUOTE) {
        blank = false;
        const fieldLine = line;
        i++;
        let value = '';
        let from = i;
        for (;;) {
          if (i >= n) {
            fail(
              `line ${fieldLine}: the quoted field ${fields.length + 1} is never closed (a truncated file, or a quote that should be doubled)`,
            );
          }
          const c = text.charCodeAt(i);
          if (c === QUOTE) {
            if (i + 1 < n && text.charCodeAt(i + 1) === QUOTE) {
              value += text.slice(from, i + 1);
              i += 2;
              from = i;
              continue;
            }
            value += text.slice(from, i);
            i++;
            break;
          }
          if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) line++;
          i++;
        }
        fields.push(value);
        if (i < n) {
          const c = text.charCodeAt(i);
          if (c !== delim && c !== CR && c !== LF) {
            fail(
              `line ${line}: field ${fields.length} has text after its closing quote; a quote inside a quoted field must be doubled ("")`,
            );
          }
        }
      } else {
        const from = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === delim || c === CR || c === LF) break;
          if (c === QUOTE) {
            fail(
              `line ${line}: field ${fields.length + 1} holds a quote but is not quoted; enclose the field in double quotes and double the quote ("")`,
            );
          }
          i++;
        }
        if (i > from) blank = false;
        fields.push(text.slice(from, i));
      }
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === delim) {
        blank = false;
        i++;
        continue;
      }
      // a line break ends the record
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      break;
    }
    if (!blank) visit(fields, start);
  }
}
