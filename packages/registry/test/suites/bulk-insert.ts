import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type BulkColumn, bulkInsert } from '../../src/db/bulk-insert.js';
import { withDbErrors } from '../../src/db/map-db-error.js';
import type { BackendFixture } from '../backends.js';
import { expectRegistryError } from '../helpers.js';

/** db/bulk-insert.ts: COPY on PostgreSQL, json_to_recordset on PGlite, the same rows stored. */
export function bulkInsertSuite(fixture: () => BackendFixture): void {
  const columns: BulkColumn[] = [
    { name: 'id', type: 'uuid' },
    { name: 'label', type: 'text' },
    { name: 'n', type: 'int8' },
    { name: 'ok', type: 'boolean' },
    { name: 'at', type: 'timestamptz' },
    { name: 'doc', type: 'jsonb' },
    { name: 'x', type: 'float8' },
  ];
  // Probe tables are dropped after each test: the migrations suite compares this database's
  // catalogue with the schema's.
  const probes: { f: BackendFixture; table: string }[] = [];
  const newTable = async (f: BackendFixture) => {
    const table = `bulk_probe_${randomUUID().replaceAll('-', '')}`;
    probes.push({ f, table });
    await f.query(
      `CREATE TABLE ${table} (id uuid PRIMARY KEY, label text, n int8, ok boolean, at timestamptz(3), doc jsonb, x float8)`,
    );
    await f.query(`CREATE TABLE ${table}_counts (k text PRIMARY KEY, n int NOT NULL)`);
    await f.query(`INSERT INTO ${table}_counts VALUES ('rows', 0)`);
    return table;
  };
  type Stored = {
    id: string;
    label: string | null;
    n: string | null;
    ok: boolean | null;
    at: Date | null;
    doc: unknown;
    x: number | null;
  };
  const read = (f: BackendFixture, table: string) =>
    f.query<Stored>(
      `SELECT id::text, label, n::text AS n, ok, at, doc, x FROM ${table} ORDER BY label NULLS FIRST`,
    );

  describe('bulk insert', () => {
    afterEach(async () => {
      for (const { f, table } of probes.splice(0)) {
        await f.query(`DROP TABLE IF EXISTS ${table}, ${table}_counts`);
      }
    });

    it('uses COPY on PostgreSQL and the Prisma path on the embedded database', () => {
      const f = fixture();
      expect(f.ctx.pg !== undefined).toBe(f.databaseUrl !== undefined);
    });

    it('stores every value as given: text with the characters COPY escapes, JSON, NULLs, bigints, instants', async () => {
      const f = fixture();
      const table = await newTable(f);
      const at = new Date('2026-12-05T21:30:00.123Z');
      const awkward = 'tab\there\nnew line\r\\N back\\slash \\t é 😀';
      const rows = [
        [
          randomUUID(),
          awkward,
          9_007_199_254_740_993n,
          true,
          at,
          { s: awkward, nested: [1, null, 'x\ty'] },
          1.25,
        ],
        [randomUUID(), '\\N', -3, false, at, 'a JSON string\n', -0.5],
        [randomUUID(), null, null, null, null, null, null],
        [randomUUID(), 'b', 0, undefined, at, [], 1e-300],
      ];
      expect(await bulkInsert(f.ctx, { table, columns, rows })).toBe(4);
      const stored = await read(f, table);
      expect(stored).toHaveLength(4);
      const byId = new Map(stored.map((r) => [r.id, r]));
      expect(byId.get(rows[0]?.[0] as string)).toMatchObject({
        label: awkward,
        n: '9007199254740993',
        ok: true,
        doc: { s: awkward, nested: [1, null, 'x\ty'] },
        x: 1.25,
      });
      expect(new Date(byId.get(rows[0]?.[0] as string)?.at as Date).toISOString()).toBe(
        at.toISOString(),
      );
      // `\N` as text is the two characters, not NULL; a string in a JSON column is a JSON string.
      expect(byId.get(rows[1]?.[0] as string)).toMatchObject({
        label: '\\N',
        n: '-3',
        ok: false,
        doc: 'a JSON string\n',
      });
      expect(byId.get(rows[2]?.[0] as string)).toMatchObject({
        label: null,
        n: null,
        ok: null,
        at: null,
        doc: null,
        x: null,
      });
      expect(byId.get(rows[3]?.[0] as string)).toMatchObject({ ok: null, doc: [], x: 1e-300 });
    });

    it('runs the `after` statements in the same transaction: a failing one stores no row', async () => {
      const f = fixture();
      const table = await newTable(f);
      const bump = {
        sql: `UPDATE ${table}_counts SET n = n + $1::int WHERE k = $2`,
        params: [2, 'rows'],
      };
      const two = () => [
        [randomUUID(), 'a', 1, true, new Date(), {}, 1],
        [randomUUID(), 'b', 2, true, new Date(), {}, 2],
      ];
      expect(
        await bulkInsert(f.ctx, { table, columns, rows: two(), after: [bump], asyncCommit: true }),
      ).toBe(2);
      const failing = { sql: `UPDATE ${table}_counts SET n = n / 0`, params: [] };
      await expect(
        bulkInsert(f.ctx, { table, columns, rows: two(), after: [bump, failing] }),
      ).rejects.toThrow(/division by zero/);
      expect(await f.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).toEqual([
        { n: 2 },
      ]);
      expect(await f.query<{ n: number }>(`SELECT n FROM ${table}_counts`)).toEqual([{ n: 2 }]);
      // The connection that rolled back serves the next batch.
      expect(await bulkInsert(f.ctx, { table, columns, rows: two() })).toBe(2);
    });

    it('stores nothing of a batch with one bad row, and maps unstorable text to invalid', async () => {
      const f = fixture();
      const table = await newTable(f);
      const good = [randomUUID(), 'good', 1, true, new Date(), {}, 1];
      await expect(
        bulkInsert(f.ctx, {
          table,
          columns,
          rows: [good, ['not-a-uuid', 'bad', 1, true, new Date(), {}, 1]],
        }),
      ).rejects.toThrow(/uuid/);
      await expectRegistryError(
        withDbErrors(() =>
          bulkInsert(f.ctx, {
            table,
            columns,
            rows: [good, [randomUUID(), 'nul \u0000 here', 1, true, new Date(), {}, 1]],
          }),
        ),
        'invalid',
      );
      expect(await read(f, table)).toEqual([]);
      expect(await bulkInsert(f.ctx, { table, columns, rows: [] })).toBe(0);
    });

    it('refuses a table or column name that is not a plain identifier', async () => {
      const f = fixture();
      await expect(
        bulkInsert(f.ctx, { table: 'x; DROP TABLE projects', columns, rows: [[1]] }),
      ).rejects.toThrow(/not a plain SQL identifier/);
      await expect(
        bulkInsert(f.ctx, {
          table: 'projects',
          columns: [{ name: 'name"', type: 'text' }],
          rows: [['x']],
        }),
      ).rejects.toThrow(/not a plain SQL identifier/);
    });
  });
}
