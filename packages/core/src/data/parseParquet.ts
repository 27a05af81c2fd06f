// The browser entry of hyparquet: the default (node) entry also exports a file reader, and the
// core does no I/O — the bytes are already in memory.
import { parquetMetadata, parquetSchema } from 'hyparquet/src/index.js';
// parquetRead's onChunk callbacks hang off promises it does not return: when one column fails,
// the others' rejections go unhandled. Reading the row groups' column promises directly, every
// one is awaited here.
import { parquetReadAsync } from 'hyparquet/src/read.js';
import { compressors } from 'hyparquet-compressors';
import { InvalidInputError } from '../errors/index.js';
import { type ComputeLimits, checkLimit, resolveLimits } from '../limits/index.js';
import { createDataTable } from './createDataTable.js';
import type { DataTable, RowRange, TableColumn } from './types.js';

function fail(message: string, path: (string | number)[] = ['bytes']): never {
  throw new InvalidInputError(message, [{ path, message }]);
}

/** Parquet's magic number, at both ends of every file. */
const MAGIC = 'PAR1';

function hasMagic(bytes: Uint8Array): boolean {
  if (bytes.byteLength < 12) return false;
  const head = String.fromCharCode(...bytes.subarray(0, 4));
  const tail = String.fromCharCode(...bytes.subarray(bytes.byteLength - 4));
  return head === MAGIC && tail === MAGIC;
}

type Cell = unknown;

/**
 * One Parquet column as a table column. Numbers, 64-bit integers and booleans (as 1 / 0) make a
 * numeric column, nulls becoming NaN; strings (and dates, as ISO-8601 text) make a label column,
 * nulls becoming `''` — the same conventions as CSV and JSON, so one model sees the same table
 * whatever file it came in.
 */
function toColumn(
  name: string,
  cells: Cell[],
  forceLabel: boolean,
  textType: boolean,
  text = false,
): TableColumn {
  if (text) {
    // A text column is its strings as stored; a number, boolean or date has no written form.
    const i = cells.findIndex((c) => c !== null && c !== undefined && typeof c !== 'string');
    if (i !== -1) {
      const cell = cells[i];
      fail(
        `column '${name}' is read as text, but its row ${i} holds ${cell instanceof Date ? 'a date' : `a ${typeof cell}`} (${cell instanceof Date ? cell.toISOString() : String(cell)}), not a string; store a text column as Parquet strings (UTF8 byte arrays)`,
      );
    }
    return {
      name,
      kind: 'label',
      values: cells.map((cell) => (cell === null || cell === undefined ? '' : (cell as string))),
    };
  }
  let numeric = !forceLabel;
  let seen = false;
  for (const cell of cells) {
    if (cell === null || cell === undefined) continue;
    seen = true;
    const t = typeof cell;
    if (t === 'number' || t === 'bigint' || t === 'boolean') continue;
    if (t === 'string' || cell instanceof Date) {
      numeric = false;
      continue;
    }
    fail(
      `column '${name}' holds ${cell instanceof Uint8Array ? 'binary values' : `values of type ${t}`}; a dataset's columns must be numbers, booleans, strings or dates`,
    );
  }
  // Without a value, the schema says what the column holds: a row range of nulls in a text
  // column is then a label column, as the whole file's column is.
  if (!seen && textType) numeric = false;
  if (numeric) {
    const values = new Float64Array(cells.length);
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      values[i] = cell === null || cell === undefined ? Number.NaN : Number(cell);
    }
    return { name, kind: 'numeric', values };
  }
  return {
    name,
    kind: 'label',
    values: cells.map((cell) =>
      cell === null || cell === undefined
        ? ''
        : cell instanceof Date
          ? cell.toISOString()
          : String(cell),
    ),
  };
}

type SchemaElement = ReturnType<typeof parquetSchema>['children'][number]['element'];

/**
 * True when hyparquet reads the column's values as strings or dates (a label column): byte arrays
 * that are not decimals, INT96 and the date and timestamp types. Used only for a column whose
 * rows read are all null, so that its kind does not depend on which rows were read.
 */
function isTextType(element: SchemaElement): boolean {
  const logical = element.logical_type?.type;
  const converted = element.converted_type;
  if (logical === 'DECIMAL' || converted === 'DECIMAL') return false;
  if (logical === 'DATE' || logical === 'TIMESTAMP') return true;
  if (converted === 'DATE' || converted?.startsWith('TIMESTAMP')) return true;
  return (
    element.type === 'BYTE_ARRAY' ||
    element.type === 'FIXED_LEN_BYTE_ARRAY' ||
    element.type === 'INT96'
  );
}

/**
 * The columns pandas wrote for a DataFrame's index (`df.to_parquet()` with a non-default index:
 * `__index_level_0__`, or the index's name), from the `pandas` metadata it stores in the file.
 * They are row labels, not data: a model would otherwise take them for a feature.
 */
function pandasIndexColumns(
  keyValues: readonly { key: string; value?: string | undefined }[] | undefined,
): Set<string> {
  const entry = keyValues?.find((kv) => kv.key === 'pandas');
  if (entry?.value === undefined) return new Set();
  try {
    const meta = JSON.parse(entry.value) as { index_columns?: unknown[] };
    return new Set((meta.index_columns ?? []).filter((c): c is string => typeof c === 'string'));
  } catch {
    return new Set();
  }
}

/** The footer's sizes against the limits: nothing is decompressed before this passes. */
function checkParquetSize(
  metadata: ReturnType<typeof parquetMetadata>,
  columns: number,
  limits: ComputeLimits,
): void {
  checkLimit(limits, 'maxDatasetColumns', columns, 'the Parquet file has too many columns', [
    'bytes',
  ]);
  let groupRows = 0;
  let uncompressed = 0;
  for (const group of metadata.row_groups) {
    groupRows += Number(group.num_rows);
    for (const chunk of group.columns) {
      uncompressed += Number(chunk.meta_data?.total_uncompressed_size ?? 0);
    }
  }
  const rows = Math.max(Number(metadata.num_rows), groupRows);
  checkLimit(
    limits,
    'maxDatasetCells',
    rows * columns,
    `the Parquet file declares ${rows} rows × ${columns} columns, more cells than a dataset may have`,
    ['bytes'],
  );
  checkLimit(
    limits,
    'maxParquetUncompressedBytes',
    uncompressed,
    'the Parquet file decompresses to more bytes than a dataset may',
    ['bytes'],
  );
}

/**
 * Parses a Parquet file's bytes into a {@link DataTable} with hyparquet (a pure-JavaScript
 * reader): flat columns of numbers, integers, booleans, strings or dates; pages uncompressed or
 * compressed with Snappy (pandas' and pyarrow's default), zstd (polars'), gzip, Brotli or LZ4.
 * Nested columns (lists, structs, maps) are refused with the column's name. A pandas index stored as a column is left
 * out (the file's `pandas` metadata names it).
 *
 * @see https://parquet.apache.org/docs/file-format/ (file layout and types)
 * @see https://github.com/hyparam/hyparquet
 * The footer is read first and the file refused, before any page is decompressed, when its
 * columns, rows × columns or uncompressed size (as the footer declares them) are above `limits`
 * (`maxDatasetColumns`, `maxDatasetCells`, `maxParquetUncompressedBytes`): a file of a few
 * hundred KB can declare 100 million rows of one repeated value.
 *
 * @throws LimitExceededError when the footer declares more than `limits` allow.
 * @throws InvalidInputError when the bytes are not a Parquet file, a column is nested or binary,
 * a page uses an unsupported codec, `labelColumns` or `textColumns` names an unknown column, or
 * a `textColumns` column holds anything but strings (its strings are kept as stored).
 */
export async function parseParquet(
  bytes: Uint8Array,
  labelColumns: readonly string[] = [],
  limits?: Partial<ComputeLimits>,
  textColumns: readonly string[] = [],
): Promise<DataTable> {
  return (await parseParquetRows(bytes, labelColumns, limits, undefined, textColumns)).table;
}

/**
 * {@link parseParquet} for the rows `rowRange` only (a shard of a batch test): the footer is read
 * and checked against `limits` for the whole file, then only the row groups that overlap the
 * range are decompressed and decoded (hyparquet's `rowStart` / `rowEnd` plan), and only the
 * range's rows are kept. Answers the range's table and the whole file's row count. A column's
 * kind is the one the whole file gives: strings, dates and booleans are typed per column, and a
 * range where a column is all null takes its kind from the schema (as the whole file does when
 * all its values are null).
 *
 * @throws as {@link parseParquet}, and InvalidInputError when `rowRange` is outside the file's
 * rows.
 */
export async function parseParquetRange(
  bytes: Uint8Array,
  rowRange: RowRange,
  labelColumns: readonly string[] = [],
  limits?: Partial<ComputeLimits>,
  textColumns: readonly string[] = [],
): Promise<{ table: DataTable; rows: number }> {
  return parseParquetRows(bytes, labelColumns, limits, rowRange, textColumns);
}

async function parseParquetRows(
  bytes: Uint8Array,
  labelColumns: readonly string[],
  limits: Partial<ComputeLimits> | undefined,
  rowRange?: RowRange,
  textColumns: readonly string[] = [],
): Promise<{ table: DataTable; rows: number }> {
  if (!hasMagic(bytes)) fail('the dataset is not a Parquet file (no PAR1 magic at both ends)');
  // hyparquet reads ArrayBuffers: copy only when the view does not span its whole buffer.
  const buffer =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? (bytes.buffer as ArrayBuffer)
      : (bytes.slice().buffer as ArrayBuffer);
  let metadata: ReturnType<typeof parquetMetadata>;
  try {
    metadata = parquetMetadata(buffer);
  } catch (error) {
    return fail(`the Parquet footer cannot be read (${(error as Error).message})`);
  }
  const schema = parquetSchema(metadata);
  const index = pandasIndexColumns(metadata.key_value_metadata);
  const names: string[] = [];
  const textTypes = new Set<string>();
  for (const child of schema.children) {
    const name = child.element.name;
    if (index.has(name)) continue;
    if (isTextType(child.element)) textTypes.add(name);
    if (child.children.length > 0 || child.element.repetition_type === 'REPEATED') {
      fail(`column '${name}' is nested (a list, struct or map); a dataset's columns must be flat`);
    }
    names.push(name);
  }
  if (names.length === 0) fail('the Parquet file has no columns');
  checkParquetSize(metadata, names.length, resolveLimits(limits));
  for (const [option, list] of [
    ['labelColumns', labelColumns],
    ['textColumns', textColumns],
  ] as const) {
    for (const name of list) {
      if (!names.includes(name)) {
        fail(`${option} names '${name}', which is not a column; columns: ${names.join(', ')}`, [
          option,
        ]);
      }
    }
  }
  const rows = Number(metadata.num_rows);
  const start = rowRange?.start ?? 0;
  const end = rowRange?.end ?? rows;
  if (
    !(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= rows)
  )
    fail(
      `rowRange is [${start}, ${end}); expected integers with 0 ≤ start ≤ end ≤ ${rows} (the file's rows)`,
      ['rowRange'],
    );
  const cells = new Map<string, Cell[]>(names.map((n) => [n, new Array<Cell>(end - start)]));
  try {
    if (end > start) {
      // Only the row groups overlapping [start, end) are read; a group's pages may still begin
      // before `start` or end after `end`, hence the clipping.
      const groups = parquetReadAsync({
        file: buffer,
        metadata,
        rowStart: start,
        rowEnd: end,
        // Snappy is built in; zstd (polars' default), gzip, brotli and LZ4 come from here.
        compressors,
      });
      const reads = groups.flatMap((group) =>
        group.asyncColumns.map(async ({ pathInSchema, data }) => {
          const target = cells.get(pathInSchema[0] as string);
          const pages = await data;
          if (target === undefined) return;
          let rowStart = group.groupStart + pages.skipped;
          for (const columnData of pages.data) {
            const from = Math.max(start, rowStart);
            const to = Math.min(end, rowStart + columnData.length);
            for (let r = from; r < to; r++) target[r - start] = columnData[r - rowStart];
            rowStart += columnData.length;
          }
        }),
      );
      // allSettled first: a failed column must not leave the others' rejections unhandled.
      const settled = await Promise.allSettled(reads);
      const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
    }
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    return fail(`the Parquet data cannot be read (${(error as Error).message})`);
  }
  const labels = new Set(labelColumns);
  const text = new Set(textColumns);
  const table = createDataTable(
    names.map((name) =>
      toColumn(
        name,
        cells.get(name) as Cell[],
        labels.has(name),
        textTypes.has(name),
        text.has(name),
      ),
    ),
  );
  return { table, rows };
}
