import { parquetMetadata } from 'hyparquet/src/index.js';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { readDataset, readDatasetRange } from '../readDataset.js';
import type { DataTable } from '../types.js';

const ROWS = 500;
const GROUP = 100;

/** 500 rows in row groups of 100: a numeric feature, a label column, a binary target. */
function parquetBytes(): Uint8Array {
  const x = Float64Array.from({ length: ROWS }, (_, i) => (i * 37) % 101);
  const city = Array.from({ length: ROWS }, (_, i) => (i % 7 === 0 ? null : `c${i % 5}`));
  const y = Int32Array.from({ length: ROWS }, (_, i) => i % 2);
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: 'x', data: x, type: 'DOUBLE' },
        { name: 'city', data: city, type: 'STRING' },
        { name: 'y', data: y, type: 'INT32' },
      ],
      rowGroupSize: GROUP,
    }),
  );
}

function csvBytes(lines: string[]): Uint8Array {
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

/** The table's columns as plain values, with kinds. */
function plain(table: DataTable) {
  return table.columns.map((name) => {
    const c = table.column(name);
    return { name, kind: c.kind, values: [...c.values] };
  });
}

function sliced(table: DataTable, start: number, end: number) {
  return plain(table).map((c) => ({ ...c, values: c.values.slice(start, end) }));
}

describe('readDatasetRange', () => {
  it('reads a Parquet row range across row-group edges as the whole file gives it', async () => {
    const bytes = parquetBytes();
    const whole = await readDataset(bytes, { format: 'parquet' });
    for (const [start, end] of [
      [0, 500],
      [150, 260],
      [100, 200],
      [499, 500],
      [250, 250],
    ] as const) {
      const { table, rows } = await readDatasetRange(bytes, {
        format: 'parquet',
        rowRange: { start, end },
      });
      expect(rows).toBe(ROWS);
      expect(table.rows).toBe(end - start);
      expect(plain(table)).toEqual(sliced(whole, start, end));
    }
  });

  it('decodes only the Parquet row groups that overlap the range', async () => {
    const bytes = parquetBytes();
    // Overwrite every page of the last row group (rows 400–499) with garbage: the whole file no
    // longer reads, a range that stops before row 400 still does.
    const metadata = parquetMetadata(bytes.buffer as ArrayBuffer);
    const last = metadata.row_groups.at(-1);
    expect(metadata.row_groups).toHaveLength(ROWS / GROUP);
    for (const chunk of last?.columns ?? []) {
      const meta = chunk.meta_data;
      if (meta === undefined) throw new Error('a column chunk without metadata');
      const from = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
      bytes.fill(0xff, from, from + Number(meta.total_compressed_size));
    }
    await expect(readDataset(bytes, { format: 'parquet' })).rejects.toThrow(InvalidInputError);
    const { table } = await readDatasetRange(bytes, {
      format: 'parquet',
      rowRange: { start: 120, end: 400 },
    });
    expect(table.rows).toBe(280);
    expect(table.column('y').values[0]).toBe(0);
  });

  it('keeps a Parquet text column a label column over a range where it is all null', async () => {
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'x', data: Float64Array.of(1, 2, 3, 4), type: 'DOUBLE' },
          { name: 'note', data: [null, null, 'a', null], type: 'STRING' },
          { name: 'none', data: [null, null, null, null], type: 'STRING' },
        ],
        rowGroupSize: 2,
      }),
    );
    const whole = await readDataset(bytes, { format: 'parquet' });
    const { table } = await readDatasetRange(bytes, {
      format: 'parquet',
      rowRange: { start: 0, end: 2 },
    });
    expect(table.column('note')).toEqual({ name: 'note', kind: 'label', values: ['', ''] });
    expect(whole.column('none').kind).toBe('label');
    expect(plain(table)).toEqual(sliced(whole, 0, 2));
  });

  it('keeps only the CSV range rows, with the kinds the whole file gives', async () => {
    const lines = ['id,x,code,y'];
    for (let i = 0; i < 50; i++)
      lines.push(`${i},${(i * 0.25).toFixed(2)},${i === 45 ? 'A7' : i},${i % 3}`);
    const bytes = csvBytes(lines);
    const whole = await readDataset(bytes, { format: 'csv' });
    // `code` is numeric in rows 10–19 but not in the file (row 45 is 'A7'): a label column.
    expect(whole.column('code').kind).toBe('label');
    const { table, rows } = await readDatasetRange(bytes, {
      format: 'csv',
      rowRange: { start: 10, end: 20 },
    });
    expect(rows).toBe(50);
    expect(table.rows).toBe(10);
    expect(table.column('code').values).toHaveLength(10);
    expect(plain(table)).toEqual(sliced(whole, 10, 20));
  });

  it('still refuses a malformed CSV row outside the range', async () => {
    const bytes = csvBytes(['a,b', '1,2', '3,4', '5']);
    await expect(
      readDatasetRange(bytes, { format: 'csv', rowRange: { start: 0, end: 1 } }),
    ).rejects.toThrow('row 3 (line 4) has 1 field but the header has 2');
  });

  it('slices a JSON table (no row boundaries to skip to)', async () => {
    const bytes = new TextEncoder().encode(
      JSON.stringify({
        columns: ['a', 'b'],
        rows: [
          [1, 'x'],
          [2, 'y'],
          [3, null],
        ],
      }),
    );
    const whole = await readDataset(bytes, { format: 'json' });
    const { table, rows } = await readDatasetRange(bytes, {
      format: 'json',
      rowRange: { start: 1, end: 3 },
    });
    expect(rows).toBe(3);
    expect(plain(table)).toEqual(sliced(whole, 1, 3));
  });

  it('refuses a range outside the rows, saying the rows', async () => {
    for (const format of ['csv', 'parquet'] as const) {
      const bytes = format === 'csv' ? csvBytes(['a', '1', '2']) : parquetBytes();
      const rows = format === 'csv' ? 2 : ROWS;
      await expect(
        readDatasetRange(bytes, { format, rowRange: { start: 1, end: rows + 1 } }),
      ).rejects.toThrow(`0 ≤ start ≤ end ≤ ${rows}`);
    }
  });
});
