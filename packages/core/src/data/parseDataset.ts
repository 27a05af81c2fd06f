import { InvalidInputError } from '../errors/index.js';
import { type ComputeLimits, checkLimit, resolveLimits } from '../limits/index.js';
import { createDataTable } from './createDataTable.js';
import { eachCsvRecord, tokenizeCsv } from './parseCsv.js';
import type { DataTable, RowRange, TableColumn } from './types.js';

/** Options of {@link parseDataset}. */
export interface ParseDatasetOptions {
  /** How the bytes are written. */
  format: 'csv' | 'json';
  /** CSV only: the field separator, one character (not a quote or a line break). @default ',' */
  delimiter?: string;
  /**
   * Columns kept as label columns even when every value is a number (ids, zip codes, class codes
   * that must stay strings). @default [] (numeric whenever possible)
   */
  labelColumns?: readonly string[];
  /**
   * Columns read as text exactly as the file writes them (a text batch test's prompts, references
   * and stored outputs, where `1.50` must not become `1.5`): a CSV column keeps its raw cells; a
   * JSON column must hold strings (or `null`, read as `''`) — a JSON number is refused, since
   * `JSON.parse` has already lost how it was written (`1.50`, `007`, `1e3`).
   * @default [] (no column is held to its text)
   */
  textColumns?: readonly string[];
  /**
   * `maxDatasetCells` and `maxDatasetColumns` bound the table: a CSV is measured (lines × header
   * fields) before it is split into fields, a JSON table after it is parsed.
   * @default DEFAULT_COMPUTE_LIMITS
   */
  limits?: Partial<ComputeLimits>;
}

function fail(message: string, path: (string | number)[] = ['bytes']): never {
  throw new InvalidInputError(message, [{ path, message }]);
}

/**
 * The value of a trimmed, non-empty cell when it is a finite decimal number (`12`, `-0.5`, `.5`,
 * `1e-3`, `+3.`), else NaN. `Number` does the parsing; the prefixes it accepts beyond decimals
 * (`0x`, `0b`, `0o`) are refused, and `Infinity` or an overflow (`1e999`) is not finite.
 */
function decimal(cell: string): number {
  const v = Number(cell);
  if (!Number.isFinite(v)) return Number.NaN;
  if (cell.length > 1 && cell.charCodeAt(0) === 0x30) {
    const c = cell.charCodeAt(1) | 0x20; // lowercase
    if (c === 0x78 || c === 0x62 || c === 0x6f) return Number.NaN; // x, b, o
  }
  return v;
}

/**
 * True for a cell that may start or end with whitespace (ASCII controls and spaces, or any
 * non-ASCII character, where Unicode spaces live); such a cell is trimmed before it is parsed.
 */
function padded(cell: string): boolean {
  const first = cell.charCodeAt(0);
  const last = cell.charCodeAt(cell.length - 1);
  return first <= 0x20 || last <= 0x20 || first >= 0x80 || last >= 0x80;
}

function decode(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('the dataset is not valid UTF-8 text');
  }
  // TextDecoder drops a leading byte-order mark already; keep the check for strings from elsewhere
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function checkNames(names: readonly string[], where: string): void {
  const seen = new Set<string>();
  names.forEach((name, j) => {
    if (name === '') fail(`${where} ${j + 1} has an empty name; every column needs a name`);
    if (seen.has(name)) fail(`column name '${name}' appears twice in the ${where.split(' ')[0]}`);
    seen.add(name);
  });
}

/** A column of text cells: numeric when every non-blank cell is a decimal number. */
function textColumn(name: string, cells: readonly string[], forceLabel: boolean): TableColumn {
  if (!forceLabel) {
    const values = new Float64Array(cells.length);
    let numeric = true;
    for (let i = 0; i < cells.length; i++) {
      let cell = cells[i] as string;
      if (cell !== '' && padded(cell)) cell = cell.trim();
      if (cell === '') values[i] = Number.NaN;
      else {
        const v = decimal(cell);
        if (Number.isNaN(v)) {
          numeric = false;
          break;
        }
        values[i] = v;
      }
    }
    if (numeric) return { name, kind: 'numeric', values };
  }
  return { name, kind: 'label', values: cells };
}

/**
 * Lines × fields of the first line, counted before any field is split out (the records and their
 * strings take several times the text's size). Line breaks inside quoted fields count as lines,
 * so the estimate is never below the table's real size.
 */
function checkCsvSize(text: string, delimiter: string, limits: ComputeLimits): void {
  let firstBreak = text.indexOf('\n');
  if (firstBreak === -1) firstBreak = text.length;
  let columns = 1;
  for (
    let i = text.indexOf(delimiter);
    i !== -1 && i < firstBreak;
    i = text.indexOf(delimiter, i + 1)
  ) {
    columns++;
  }
  checkLimit(limits, 'maxDatasetColumns', columns, 'the CSV header has too many columns', [
    'bytes',
  ]);
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  // The header is not a row; a last line without its line break is.
  const rows = lines - 1 + (text.endsWith('\n') ? 0 : 1);
  checkLimit(
    limits,
    'maxDatasetCells',
    Math.max(rows, 0) * columns,
    `the CSV has up to ${Math.max(rows, 0)} rows × ${columns} columns, more cells than a dataset may have`,
    ['bytes'],
  );
}

function checkDelimiter(options: ParseDatasetOptions): string {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
    fail(
      `delimiter ${JSON.stringify(delimiter)} must be one character other than a quote or a line break`,
      ['delimiter'],
    );
  }
  return delimiter;
}

/** True for a cell a numeric column may hold: blank, or a decimal number (spaces trimmed). */
function numericCell(cell: string): boolean {
  const trimmed = cell !== '' && padded(cell) ? cell.trim() : cell;
  return trimmed === '' || !Number.isNaN(decimal(trimmed));
}

function fieldCountError(r: number, line: number, count: number, width: number): never {
  return fail(
    `row ${r} (line ${line}) has ${count} field${count === 1 ? '' : 's'} but the header has ${width}`,
  );
}

/**
 * The CSV's rows `range` as a table, the file read once: records outside the range are checked
 * (field count) and their cells only tested for being numbers, then dropped, so that memory holds
 * the range's rows only. A column is numeric when every cell of the whole file is, as in
 * {@link parseDataset}.
 */
function parseCsvRange(
  text: string,
  options: ParseDatasetOptions,
  range: RowRange,
): { table: DataTable; rows: number } {
  const delimiter = checkDelimiter(options);
  checkCsvSize(text, delimiter, resolveLimits(options.limits));
  const { start, end } = range;
  let header: string[] | undefined;
  let cells: string[][] = [];
  // Per column: every cell outside the range seen so far is blank or a number.
  let numericOutside: boolean[] = [];
  let r = 0;
  eachCsvRecord(text, delimiter, (fields, line) => {
    if (header === undefined) {
      header = fields;
      checkNames(header, 'header column');
      cells = header.map(() => []);
      numericOutside = header.map(() => true);
      return;
    }
    r++;
    if (fields.length !== header.length) fieldCountError(r, line, fields.length, header.length);
    const i = r - 1;
    if (i >= start && i < end) {
      for (let j = 0; j < fields.length; j++) (cells[j] as string[]).push(fields[j] as string);
    } else {
      for (let j = 0; j < fields.length; j++) {
        if (numericOutside[j] && !numericCell(fields[j] as string)) numericOutside[j] = false;
      }
    }
  });
  if (header === undefined) return fail('the CSV is empty; expected a header row');
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= r))
    fail(
      `rowRange is [${start}, ${end}); expected integers with 0 ≤ start ≤ end ≤ ${r} (the file's rows)`,
      ['rowRange'],
    );
  const names = header;
  const labels = labelSet(options, names);
  for (const name of textSet(options, names)) labels.add(name);
  const table = createDataTable(
    names.map((name, j) =>
      textColumn(name, cells[j] as string[], labels.has(name) || !numericOutside[j]),
    ),
  );
  return { table, rows: r };
}

function parseCsvTable(text: string, options: ParseDatasetOptions): DataTable {
  const delimiter = checkDelimiter(options);
  checkCsvSize(text, delimiter, resolveLimits(options.limits));
  const records = tokenizeCsv(text, delimiter);
  const header = records[0];
  if (header === undefined) fail('the CSV is empty; expected a header row');
  checkNames(header.fields, 'header column');
  const width = header.fields.length;
  const cells: string[][] = header.fields.map(() => new Array<string>(records.length - 1));
  for (let r = 1; r < records.length; r++) {
    const { fields, line } = records[r] as { fields: string[]; line: number };
    if (fields.length !== width) fieldCountError(r, line, fields.length, width);
    for (let j = 0; j < width; j++) (cells[j] as string[])[r - 1] = fields[j] as string;
  }
  const labels = labelSet(options, header.fields);
  // A CSV label column is its cells as written: a text column is one.
  for (const name of textSet(options, header.fields)) labels.add(name);
  return createDataTable(
    header.fields.map((name, j) => textColumn(name, cells[j] as string[], labels.has(name))),
  );
}

function labelSet(options: ParseDatasetOptions, names: readonly string[]): Set<string> {
  const labels = new Set(options.labelColumns ?? []);
  for (const name of labels) {
    if (!names.includes(name)) {
      fail(`labelColumns names '${name}', which is not a column; columns: ${names.join(', ')}`, [
        'labelColumns',
      ]);
    }
  }
  return labels;
}

/** `textColumns`, each checked to be a column of the table. */
function textSet(options: ParseDatasetOptions, names: readonly string[]): Set<string> {
  const text = new Set(options.textColumns ?? []);
  for (const name of text) {
    if (!names.includes(name)) {
      fail(`textColumns names '${name}', which is not a column; columns: ${names.join(', ')}`, [
        'textColumns',
      ]);
    }
  }
  return text;
}

type JsonCell = number | string | null;

function jsonCell(value: unknown, where: string): JsonCell {
  if (value === null || value === undefined || typeof value === 'string') return value ?? null;
  if (typeof value === 'number') return value;
  const what = Array.isArray(value)
    ? 'an array'
    : typeof value === 'object'
      ? 'an object'
      : `a ${typeof value}`;
  return fail(`${where} is ${what}; expected a number, a string or null`);
}

/** A JSON column: numeric when every non-null value is a number, else labels (numbers as text). */
function jsonColumn(
  name: string,
  values: readonly JsonCell[],
  forceLabel: boolean,
  text: boolean,
  rowsKey: 'records' | 'rows',
): TableColumn {
  if (text) {
    const i = values.findIndex((v) => typeof v === 'number');
    if (i !== -1) {
      fail(
        `column '${name}' is read as text, but ${rowsKey}[${i}] holds the JSON number ${values[i]} there; a JSON number has lost how it was written (1.50 reads as 1.5), so write text cells as JSON strings ("1.50")`,
      );
    }
    return { name, kind: 'label', values: values.map((v) => (v === null ? '' : (v as string))) };
  }
  if (!forceLabel && values.every((v) => v === null || typeof v === 'number')) {
    return {
      name,
      kind: 'numeric',
      values: Float64Array.from(values, (v) => (v === null ? Number.NaN : (v as number))),
    };
  }
  return { name, kind: 'label', values: values.map((v) => (v === null ? '' : String(v))) };
}

function parseJsonTable(text: string, options: ParseDatasetOptions): DataTable {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return fail(`the dataset is not valid JSON (${(error as Error).message})`);
  }
  let names: string[];
  let cells: JsonCell[][];
  const rowsKey = Array.isArray(doc) ? 'records' : 'rows';
  if (Array.isArray(doc)) {
    // an array of records: columns = keys in first-seen order, a missing key = a missing value
    const index = new Map<string, number>();
    names = [];
    cells = [];
    doc.forEach((record: unknown, i) => {
      if (record === null || typeof record !== 'object' || Array.isArray(record))
        fail(`records[${i}] is not an object; expected an array of records ({ "column": value })`);
      for (const [key, value] of Object.entries(record)) {
        let j = index.get(key);
        if (j === undefined) {
          if (key === '') fail(`records[${i}] has an empty key; every column needs a name`);
          j = names.length;
          index.set(key, j);
          names.push(key);
          cells.push(new Array<JsonCell>(doc.length).fill(null));
        }
        (cells[j] as JsonCell[])[i] = jsonCell(value, `records[${i}].${key}`);
      }
    });
    if (names.length === 0) fail('the records have no keys; expected at least one column');
  } else if (doc !== null && typeof doc === 'object') {
    const { columns, rows, ...rest } = doc as { columns?: unknown; rows?: unknown };
    const extra = Object.keys(rest);
    if (extra.length > 0)
      fail(
        `unexpected key '${extra[0]}'; a JSON table is { "columns": [...], "rows": [[...], ...] }`,
      );
    if (
      !Array.isArray(columns) ||
      columns.some((c) => typeof c !== 'string') ||
      columns.length === 0
    )
      fail('columns must be a non-empty array of column names (strings)');
    if (!Array.isArray(rows)) fail('rows must be an array of rows, each an array of values');
    names = columns as string[];
    checkNames(names, 'columns entry');
    cells = names.map(() => new Array<JsonCell>(rows.length));
    rows.forEach((row: unknown, i) => {
      if (!Array.isArray(row)) fail(`rows[${i}] is not an array; expected one value per column`);
      if (row.length !== names.length) {
        fail(
          `rows[${i}] has ${row.length} value${row.length === 1 ? '' : 's'} but columns has ${names.length}`,
        );
      }
      row.forEach((value, j) => {
        (cells[j] as JsonCell[])[i] = jsonCell(value, `rows[${i}][${j}] (column '${names[j]}')`);
      });
    });
  } else {
    return fail(
      'a JSON dataset is { "columns": [...], "rows": [[...], ...] } or an array of records',
    );
  }
  const limits = resolveLimits(options.limits);
  checkLimit(limits, 'maxDatasetColumns', names.length, 'the JSON table has too many columns', [
    'bytes',
  ]);
  const rowCount = cells[0]?.length ?? 0;
  checkLimit(
    limits,
    'maxDatasetCells',
    rowCount * names.length,
    `the JSON table has ${rowCount} rows × ${names.length} columns, more cells than a dataset may have`,
    ['bytes'],
  );
  const labels = labelSet(options, names);
  const asText = textSet(options, names);
  return createDataTable(
    names.map((name, j) =>
      jsonColumn(name, cells[j] as JsonCell[], labels.has(name), asText.has(name), rowsKey),
    ),
  );
}

/**
 * Parses a dataset file's bytes into a columnar {@link DataTable}: numeric columns as
 * `Float64Array`, label columns as strings.
 *
 * - `csv`: RFC 4180 — a header row of unique, non-empty names; fields separated by commas (or
 *   `delimiter`); quoted fields may hold delimiters, line breaks and doubled quotes; CRLF or LF
 *   line breaks; blank lines skipped. A column is numeric when every non-empty cell (spaces
 *   trimmed) is a finite decimal number (`1`, `-2.5`, `.5`, `1e-3`); its empty cells become `NaN`.
 *   Any other column is a label column of the cells as written (empty cells as `''`).
 * - `json`: `{ "columns": ["a", "b"], "rows": [[1, "x"], [2, null]] }`, or an array of records
 *   `[{ "a": 1, "b": "x" }, …]` whose columns are the keys in first-seen order (JavaScript puts
 *   integer-like keys first) and whose missing keys are missing values. Cells are numbers, strings
 *   or `null`; a column is numeric when all its non-null cells are numbers (`null` → `NaN`), else a
 *   label column (numbers written as text, `null` → `''`). Strings are never parsed as numbers.
 *
 * `textColumns` are read as the file writes them, whatever they hold: a CSV column's raw cells, a
 * JSON column's strings (a number there is refused: its written form is gone).
 *
 * A UTF-8 byte-order mark is ignored. Errors name the place: `row 12 (line 13) has 5 fields but
 * the header has 6` (CSV rows count data rows from 1; lines count the file's lines from 1),
 * `rows[3] has 2 values but columns has 3` (JSON).
 *
 * @example parseDataset(new TextEncoder().encode('x,y\n1.5,yes\n,no\n'), { format: 'csv' })
 * // → columns ['x', 'y'], rows 2; column('x').values = Float64Array [1.5, NaN]
 * @throws LimitExceededError when the table has more cells or columns than `limits` allow.
 * @throws InvalidInputError when the bytes are not UTF-8, the CSV or JSON is malformed (field
 * count differs from the header, a quote left open, a value that is an object…), a column name is
 * empty or repeated, or `labelColumns` names an unknown column.
 */
export function parseDataset(bytes: Uint8Array, options: ParseDatasetOptions): DataTable {
  if (!(bytes instanceof Uint8Array)) fail('bytes must be a Uint8Array');
  const text = decode(bytes);
  switch (options.format) {
    case 'csv':
      return parseCsvTable(text, options);
    case 'json':
      return parseJsonTable(text, options);
    default:
      return fail(
        `format ${JSON.stringify((options as { format?: unknown }).format)} is not supported here; expected 'csv' or 'json' (Parquet and every other format: readDataset)`,
        ['format'],
      );
  }
}

/**
 * {@link parseDataset} for the rows `rowRange` only (a shard of a batch test). A CSV is read once
 * and only the range's rows are kept (the others are checked and dropped); a JSON document has no
 * row boundaries to skip to, so it is parsed whole and sliced. Column kinds are those of the
 * whole file. Answers the range's table and the whole file's row count.
 * @throws as {@link parseDataset}, and InvalidInputError when `rowRange` is outside the rows.
 */
export function parseDatasetRange(
  bytes: Uint8Array,
  options: ParseDatasetOptions & { rowRange: RowRange },
): { table: DataTable; rows: number } {
  if (!(bytes instanceof Uint8Array)) fail('bytes must be a Uint8Array');
  const { rowRange, ...rest } = options;
  if (rest.format === 'csv') return parseCsvRange(decode(bytes), rest, rowRange);
  const whole = parseDataset(bytes, rest);
  const { start, end } = rowRange;
  if (
    !(
      Number.isInteger(start) &&
      Number.isInteger(end) &&
      start >= 0 &&
      start <= end &&
      end <= whole.rows
    )
  )
    fail(
      `rowRange is [${start}, ${end}); expected integers with 0 ≤ start ≤ end ≤ ${whole.rows} (the file's rows)`,
      ['rowRange'],
    );
  const table = createDataTable(
    whole.columns.map((name): TableColumn => {
      const column = whole.column(name);
      return column.kind === 'numeric'
        ? { name, kind: 'numeric', values: column.values.slice(start, end) }
        : { name, kind: 'label', values: column.values.slice(start, end) };
    }),
  );
  return { table, rows: whole.rows };
}
