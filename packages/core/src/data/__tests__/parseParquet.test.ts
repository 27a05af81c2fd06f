import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { parseDataset } from '../parseDataset.js';
import { parseParquet } from '../parseParquet.js';
import { readDataset } from '../readDataset.js';

const DATASETS =
  process.env.ASSAY_DATASETS_DIR ??
  fileURLToPath(new URL('../../../../../fixtures/datasets', import.meta.url));

async function messageOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as Error).message;
  }
  throw new Error('expected an InvalidInputError');
}

describe('parseParquet', () => {
  it('reads iris written as Parquet into the same table as iris.csv', async () => {
    const csvBytes = readFileSync(`${DATASETS}/iris.csv`);
    const fromCsv = parseDataset(csvBytes, { format: 'csv' });
    const columnData = fromCsv.columns.map((name) => {
      const column = fromCsv.column(name);
      return column.kind === 'numeric'
        ? { name, data: column.values, type: 'DOUBLE' as const }
        : { name, data: [...column.values], type: 'STRING' as const };
    });
    // Small row groups and pages: the reader must stitch chunks back in row order.
    const bytes = new Uint8Array(
      parquetWriteBuffer({ columnData, rowGroupSize: 40, pageSize: 256 }),
    );
    const table = await readDataset(bytes, { format: 'parquet' });
    expect(table.columns).toEqual(fromCsv.columns);
    expect(table.rows).toBe(150);
    for (const name of fromCsv.columns) {
      expect(table.column(name).kind).toBe(fromCsv.column(name).kind);
      expect([...table.column(name).values]).toEqual([...fromCsv.column(name).values]);
    }
  });

  it('maps integers, 64-bit integers and booleans to numbers, nulls to NaN or empty labels', async () => {
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'i32', data: Int32Array.of(1, -2, 3), type: 'INT32' },
          { name: 'i64', data: BigInt64Array.of(10n, 20n, 30n), type: 'INT64' },
          { name: 'flag', data: [true, false, null], type: 'BOOLEAN' },
          { name: 'x', data: [0.5, null, 2.5], type: 'DOUBLE' },
          { name: 'label', data: ['a', null, 'c'], type: 'STRING' },
          {
            name: 'day',
            data: [new Date('2026-01-02T00:00:00Z'), null, new Date('2026-03-04T05:06:07Z')],
            type: 'TIMESTAMP',
          },
        ],
      }),
    );
    const table = await parseParquet(bytes);
    expect([...table.column('i32').values]).toEqual([1, -2, 3]);
    expect([...table.column('i64').values]).toEqual([10, 20, 30]);
    expect([...table.column('flag').values]).toEqual([1, 0, Number.NaN]);
    expect([...table.column('x').values]).toEqual([0.5, Number.NaN, 2.5]);
    expect(table.column('label')).toMatchObject({ kind: 'label', values: ['a', '', 'c'] });
    expect(table.column('day')).toMatchObject({
      kind: 'label',
      values: ['2026-01-02T00:00:00.000Z', '', '2026-03-04T05:06:07.000Z'],
    });
  });

  it.each([
    ['GZIP', (b: Uint8Array) => new Uint8Array(gzipSync(b))],
    ['BROTLI', (b: Uint8Array) => new Uint8Array(brotliCompressSync(b))],
  ] as const)('reads %s-compressed pages', async (codec, compress) => {
    const values = Float64Array.from({ length: 500 }, (_, i) => Math.sin(i));
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [{ name: 'x', data: values, type: 'DOUBLE' }],
        codec,
        compressors: { [codec]: compress },
      }),
    );
    const table = await parseParquet(bytes);
    expect([...table.column('x').values]).toEqual([...values]);
  });

  it('leaves out the index column pandas stores, as its metadata names it', async () => {
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'x', data: Float64Array.of(1, 2), type: 'DOUBLE' },
          { name: '__index_level_0__', data: BigInt64Array.of(10n, 11n), type: 'INT64' },
        ],
        // what pandas 2 writes for df.set_index(...).to_parquet() (abridged)
        kvMetadata: [
          {
            key: 'pandas',
            value: JSON.stringify({ index_columns: ['__index_level_0__'], columns: [] }),
          },
        ],
      }),
    );
    const table = await parseParquet(bytes);
    expect(table.columns).toEqual(['x']);
  });

  it('keeps labelColumns as labels and refuses an unknown one', async () => {
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [{ name: 'zip', data: Int32Array.of(1010, 2020), type: 'INT32' }],
      }),
    );
    const table = await parseParquet(bytes, ['zip']);
    expect(table.column('zip')).toMatchObject({ kind: 'label', values: ['1010', '2020'] });
    expect(await messageOf(() => parseParquet(bytes, ['zipcode']))).toContain(
      "labelColumns names 'zipcode'",
    );
  });

  it('refuses bytes that are not Parquet, or a truncated file, with a clear message', async () => {
    expect(
      await messageOf(() =>
        readDataset(new TextEncoder().encode('a,b\n1,2\n'), { format: 'parquet' }),
      ),
    ).toContain('not a Parquet file');
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [{ name: 'x', data: Float64Array.of(1, 2, 3), type: 'DOUBLE' }],
      }),
    );
    const truncated = bytes.slice(0, bytes.length - 9);
    expect(await messageOf(() => parseParquet(truncated))).toContain('not a Parquet file');
    const corrupt = bytes.slice();
    corrupt.fill(0xff, 4, bytes.length - 12); // data and most of the footer overwritten
    expect(await messageOf(() => parseParquet(corrupt))).toMatch(
      /Parquet (footer|data) cannot be read/,
    );
  });
});

describe('readDataset', () => {
  it('reads CSV and JSON through parseDataset', async () => {
    const csv = await readDataset(new TextEncoder().encode('a,b\n1,x\n'), { format: 'csv' });
    expect(csv.columns).toEqual(['a', 'b']);
    const json = await readDataset(new TextEncoder().encode('[{"a":1}]'), { format: 'json' });
    expect([...json.column('a').values]).toEqual([1]);
  });
});
