import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { RegistryContext } from '../context.js';

/** A column a bulk insert fills: its name in the table and its PostgreSQL type. */
export interface BulkColumn {
  /** The column's name as in the table (quoted when the SQL is written). */
  readonly name: string;
  /**
   * Its type as written in a cast: `uuid`, `text`, `int`, `float8`, `timestamptz`, `jsonb`,
   * `"PredictionRole"` (an enum, quoted)… Used by the embedded path; COPY reads the table's own.
   */
  readonly type: string;
}

/** A statement run after the rows are inserted, in the same transaction. */
export interface BulkStatement {
  /** SQL with `$1…$n` placeholders. */
  readonly sql: string;
  /** Scalars only (string, number, boolean, null): pass a list as one JSON string. */
  readonly params: readonly (string | number | boolean | null)[];
}

/** What {@link bulkInsert} writes. */
export interface BulkInsert {
  /** The table (a plain identifier: it is quoted, never interpolated from input). */
  readonly table: string;
  readonly columns: readonly BulkColumn[];
  /**
   * One array per row with the values in `columns` order: `null`/`undefined` (NULL), string,
   * number, bigint, boolean, Date, or, for `json`/`jsonb` columns, any JSON value (a string
   * there is stored as a JSON string). Values are not validated here: validate before.
   */
  readonly rows: readonly (readonly unknown[])[];
  /**
   * Statements to run in the same transaction once the rows are in (counters the rows add to,
   * states they complete): the rows and their effects are stored together or not at all.
   */
  readonly after?: readonly BulkStatement[];
  /**
   * `true`: on PostgreSQL, commit without waiting for the write-ahead log to reach the disk
   * (`SET LOCAL synchronous_commit = off`). A crash of the database server may then lose the
   * last batches committed (at most ~3 × `wal_writer_delay`, 600 ms by default), never part of
   * one and never corrupting anything. For logs that already accept losing rows under load;
   * `false` (the default) for anything else.
   */
  readonly asyncCommit?: boolean;
}

/**
 * Appends many rows to one table in one transaction, as fast as the backend allows, and returns
 * how many were stored. On PostgreSQL (a context with `pg`): `COPY … FROM STDIN` in text format on
 * one pooled connection, then the `after` statements, then COMMIT. COPY skips the per-statement
 * parse and the parameter encoding of a multi-row INSERT and the Prisma query path (measured
 * 1.3–1.5× the rows/s of `INSERT … SELECT FROM json_to_recordset` through Prisma on
 * `prediction_logs`; see bench/README.md). Elsewhere (embedded PGlite, or a context without `pg`):
 * one `INSERT … SELECT FROM json_to_recordset($1)` and the `after` statements in a Prisma
 * transaction. Either way a failing row or statement stores nothing. Errors are the driver's:
 * wrap the call in `withDbErrors`.
 *
 * COPY's text format: https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.2
 */
export async function bulkInsert(ctx: RegistryContext, insert: BulkInsert): Promise<number> {
  if (insert.rows.length === 0) return 0;
  const table = quoteIdentifier(insert.table);
  const names = insert.columns.map((c) => quoteIdentifier(c.name)).join(', ');
  const after = insert.after ?? [];
  if (ctx.pg !== undefined) {
    const client = await ctx.pg.connect();
    let broken: unknown;
    try {
      await client.query('BEGIN');
      try {
        if (insert.asyncCommit === true) await client.query('SET LOCAL synchronous_commit = off');
        const copy = client.query(copyFrom(`COPY ${table} (${names}) FROM STDIN`));
        await pipeline(Readable.from(copyChunks(insert.rows, jsonColumns(insert.columns))), copy);
        for (const statement of after) await client.query(statement.sql, [...statement.params]);
        await client.query('COMMIT');
        return copy.rowCount;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: unknown) => {
          broken = rollbackError;
        });
        throw error;
      }
    } finally {
      // A connection whose ROLLBACK failed is in an unknown state: the pool drops it.
      client.release(broken instanceof Error ? broken : undefined);
    }
  }
  const fields = insert.columns.map((c, i) => `c${i} ${c.type}`).join(', ');
  const picks = insert.columns.map((_, i) => `p.c${i}`).join(', ');
  const sql = `INSERT INTO ${table} (${names}) SELECT ${picks} FROM json_to_recordset($1::json) AS p(${fields})`;
  const json = jsonRecords(insert.rows, insert.columns.length);
  return ctx.db.$transaction(async (tx) => {
    const count = await tx.$executeRawUnsafe(sql, json);
    for (const statement of after) await tx.$executeRawUnsafe(statement.sql, ...statement.params);
    return count;
  });
}

/** `"name"`, refusing what is not a plain identifier (names come from code, never from input). */
function quoteIdentifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new Error(`bulkInsert: ${JSON.stringify(name)} is not a plain SQL identifier`);
  }
  return `"${name}"`;
}

/** For each column, whether it holds JSON (its values are written as JSON text). */
function jsonColumns(columns: readonly BulkColumn[]): boolean[] {
  return columns.map((c) => /^jsonb?$/i.test(c.type.trim()));
}

/** Rows as COPY text lines, ~64 KiB per chunk (the stream's pace, not one huge string). */
function* copyChunks(rows: readonly (readonly unknown[])[], json: boolean[]): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    for (let c = 0; c < json.length; c += 1) {
      if (c > 0) chunk += '\t';
      const value = row[c];
      chunk += copyField(
        json[c] && value !== null && value !== undefined ? JSON.stringify(value) : value,
      );
    }
    chunk += '\n';
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

// In COPY's text format a backslash starts an escape and tab/newline/CR end fields and rows.
const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIALS = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};

function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'bigint') text = String(value);
  else if (typeof value === 'boolean') text = value ? 't' : 'f';
  else if (value instanceof Date) text = value.toISOString();
  else text = JSON.stringify(value);
  return COPY_SPECIAL.test(text)
    ? text.replace(COPY_SPECIALS, (ch) => COPY_ESCAPES[ch] as string)
    : text;
}

/** Rows as one JSON array of `{ c0, c1, … }` records for `json_to_recordset`. */
function jsonRecords(rows: readonly (readonly unknown[])[], width: number): string {
  const out = new Array<string>(rows.length);
  for (let r = 0; r < rows.length; r += 1) {
    const row = rows[r] as readonly unknown[];
    const record: Record<string, unknown> = {};
    for (let c = 0; c < width; c += 1) {
      const value = row[c];
      record[`c${c}`] = typeof value === 'bigint' ? String(value) : (value ?? null);
    }
    out[r] = JSON.stringify(record);
  }
  return `[${out.join(',')}]`;
}
