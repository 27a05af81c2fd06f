import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { parseDataset, parseDatasetRange } from '../parseDataset.js';
import { parseParquet, parseParquetRange } from '../parseParquet.js';
import { readDataset, readDatasetRange } from '../readDataset.js';

const bytesOf = (text: string) => new TextEncoder().encode(text);

async function messageOf(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as Error).message;
  }
  throw new Error('expected an InvalidInputError');
}

// Cells a number parser rewrites: 1.50 → 1.5, 007 → 7, 1e3 → 1000, -0 → 0, " 2" → 2.
const WRITTEN = ['1.50', '007', '1e3', '-0', ' 2', ''];
const CSV = `out,n\n${WRITTEN.map((c, i) => `${c},${i}`).join('\n')}\n`;

describe('parseDataset(bytes, { textColumns })', () => {
  it('keeps a CSV column of number-like cells as its raw text; the other columns stay numeric', () => {
    const table = parseDataset(bytesOf(CSV), { format: 'csv', textColumns: ['out'] });
    expect(table.column('out')).toEqual({ name: 'out', kind: 'label', values: WRITTEN });
    expect(table.column('n').kind).toBe('numeric');
  });

  it('without textColumns the numeric path is unchanged: the same column is read as numbers', () => {
    const table = parseDataset(bytesOf(CSV), { format: 'csv' });
    expect(table.column('out').kind).toBe('numeric');
    expect([...table.column('out').values]).toEqual([1.5, 7, 1000, -0, 2, Number.NaN]);
  });

  it('keeps the raw text in a CSV row range too (readDatasetRange), kinds as the whole file', async () => {
    const { table, rows } = await readDatasetRange(bytesOf(CSV), {
      format: 'csv',
      textColumns: ['out'],
      rowRange: { start: 1, end: 3 },
    });
    expect(rows).toBe(6);
    expect(table.column('out')).toMatchObject({ kind: 'label', values: ['007', '1e3'] });
    const json = parseDatasetRange(bytesOf('[{"a":"1.50"},{"a":"007"}]'), {
      format: 'json',
      textColumns: ['a'],
      rowRange: { start: 1, end: 2 },
    });
    expect(json.table.column('a')).toMatchObject({ kind: 'label', values: ['007'] });
  });

  it('keeps JSON strings as written (null → empty) even when every one looks like a number', async () => {
    const doc = {
      columns: ['out', 'n'],
      rows: [
        ['1.50', 1],
        ['007', 2],
        [null, 3],
      ],
    };
    const table = await readDataset(bytesOf(JSON.stringify(doc)), {
      format: 'json',
      textColumns: ['out'],
    });
    expect(table.column('out')).toEqual({
      name: 'out',
      kind: 'label',
      values: ['1.50', '007', ''],
    });
    expect(table.column('n').kind).toBe('numeric');
  });

  it('refuses a JSON number in a text column, naming the cell and how to write it', async () => {
    expect(
      await messageOf(() =>
        parseDataset(bytesOf('{"columns":["out"],"rows":[["a"],[1.50]]}'), {
          format: 'json',
          textColumns: ['out'],
        }),
      ),
    ).toBe(
      `column 'out' is read as text, but rows[1] holds the JSON number 1.5 there; a JSON number has lost how it was written (1.50 reads as 1.5), so write text cells as JSON strings ("1.50")`,
    );
    expect(
      await messageOf(() =>
        parseDataset(bytesOf('[{"out":"a"},{"out":7}]'), { format: 'json', textColumns: ['out'] }),
      ),
    ).toContain('records[1] holds the JSON number 7');
  });

  it('refuses a textColumns name that is not a column, listing the columns', async () => {
    expect(
      await messageOf(() => parseDataset(bytesOf(CSV), { format: 'csv', textColumns: ['ref'] })),
    ).toBe("textColumns names 'ref', which is not a column; columns: out, n");
    expect(
      await messageOf(() =>
        parseDataset(bytesOf('[{"a":"x"}]'), { format: 'json', textColumns: ['b'] }),
      ),
    ).toContain("textColumns names 'b'");
  });
});

describe('parseParquet(bytes, …, textColumns)', () => {
  const parquet = new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: 'out', data: ['1.50', '007', null, '1e3'], type: 'STRING' },
        { name: 'x', data: Float64Array.of(1.5, 7, 0, 1000), type: 'DOUBLE' },
      ],
    }),
  );

  it('keeps a string column as stored (null → empty), through readDataset and a row range', async () => {
    const table = await readDataset(parquet, { format: 'parquet', textColumns: ['out'] });
    expect(table.column('out')).toEqual({
      name: 'out',
      kind: 'label',
      values: ['1.50', '007', '', '1e3'],
    });
    expect(table.column('x').kind).toBe('numeric');
    const range = await parseParquetRange(parquet, { start: 1, end: 2 }, [], undefined, ['out']);
    expect(range.table.column('out')).toMatchObject({ kind: 'label', values: ['007'] });
  });

  it('refuses a numeric column as text (its written form is not stored), and an unknown name', async () => {
    expect(await messageOf(() => parseParquet(parquet, [], undefined, ['x']))).toBe(
      "column 'x' is read as text, but its row 0 holds a number (1.5), not a string; store a text column as Parquet strings (UTF8 byte arrays)",
    );
    expect(await messageOf(() => parseParquet(parquet, [], undefined, ['ref']))).toContain(
      "textColumns names 'ref', which is not a column",
    );
  });
});
