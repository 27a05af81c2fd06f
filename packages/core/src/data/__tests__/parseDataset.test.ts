import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { createDataTable } from '../createDataTable.js';
import { parseDataset } from '../parseDataset.js';
import type { DataTable } from '../types.js';

const DATASETS =
  process.env.ASSAY_DATASETS_DIR ??
  fileURLToPath(new URL('../../../../../fixtures/datasets', import.meta.url));
const utf8 = (text: string) => new TextEncoder().encode(text);
const csv = (text: string, options: { labelColumns?: string[]; delimiter?: string } = {}) =>
  parseDataset(utf8(text), { format: 'csv', ...options });
const json = (value: unknown) => parseDataset(utf8(JSON.stringify(value)), { format: 'json' });
const values = (table: DataTable, name: string) =>
  Array.from(table.column(name).values as ArrayLike<unknown>);
const message = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as Error).message;
  }
  throw new Error('expected an InvalidInputError');
};

describe('parseDataset(bytes, { format: "csv" }) on the shared datasets', () => {
  // Expected values: python3 -c "import csv, collections; r = list(csv.reader(open('iris.csv')));
  //   print(len(r) - 1, r[0], r[1], collections.Counter(x[-1] for x in r[1:]))"
  // and numpy: X[:, 0].sum() → iris 876.5, breast_cancer 8038.429
  it('iris.csv: 150 rows, 4 numeric columns and the species label column', () => {
    const table = parseDataset(readFileSync(`${DATASETS}/iris.csv`), { format: 'csv' });
    expect(table.columns).toEqual([
      'sepal_length_cm',
      'sepal_width_cm',
      'petal_length_cm',
      'petal_width_cm',
      'species',
    ]);
    expect(table.rows).toBe(150);
    const first = table.column('sepal_length_cm');
    expect(first.kind).toBe('numeric');
    expect(first.values).toBeInstanceOf(Float64Array);
    expect(table.columns.slice(0, 4).map((c) => table.column(c).values[0])).toEqual([
      5.1, 3.5, 1.4, 0.2,
    ]);
    expect((first.values as Float64Array).reduce((s, v) => s + v, 0)).toBeCloseTo(876.5, 9);
    const species = table.column('species');
    expect(species.kind).toBe('label');
    const counts = new Map<string, number>();
    for (const s of species.values as string[]) counts.set(s, (counts.get(s) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({ setosa: 50, versicolor: 50, virginica: 50 });
  });

  it('breast_cancer.csv: 569 rows, 30 numeric columns and diagnosis (357 benign, 212 malignant)', () => {
    const table = parseDataset(readFileSync(`${DATASETS}/breast_cancer.csv`), { format: 'csv' });
    expect(table.rows).toBe(569);
    expect(table.columns).toHaveLength(31);
    expect(table.columns.filter((c) => table.column(c).kind === 'numeric')).toHaveLength(30);
    const radius = table.column('mean_radius').values as Float64Array;
    expect(radius[0]).toBe(17.99);
    expect(radius.reduce((s, v) => s + v, 0)).toBeCloseTo(8038.429, 9);
    const diagnosis = table.column('diagnosis').values as string[];
    expect(diagnosis.filter((d) => d === 'benign')).toHaveLength(357);
    expect(diagnosis.filter((d) => d === 'malignant')).toHaveLength(212);
  });
});

describe('parseDataset(bytes, { format: "csv" }) follows RFC 4180', () => {
  it('reads quoted fields holding delimiters, doubled quotes and line breaks, with CRLF records', () => {
    const table = csv('id,text,x\r\n1,"a, b",2\r\n2,"say ""hi""",3\r\n3,"two\r\nlines",4\r\n');
    expect(table.rows).toBe(3);
    expect(values(table, 'text')).toEqual(['a, b', 'say "hi"', 'two\r\nlines']);
    expect(values(table, 'x')).toEqual([2, 3, 4]);
  });

  it('accepts LF, a missing final line break, blank lines and a UTF-8 byte-order mark', () => {
    const table = csv('\uFEFFa,b\n1,2\n\n3,4');
    expect(table.columns).toEqual(['a', 'b']);
    expect(values(table, 'a')).toEqual([1, 3]);
  });

  it('a lone CR ends a record too (old Mac files), and padded numbers are trimmed', () => {
    const table = csv('a,b\r1, 2 \r3,\u00a04\r');
    expect(values(table, 'a')).toEqual([1, 3]);
    expect(values(table, 'b')).toEqual([2, 4]);
    expect(values(csv('a,b\n1,\u00a0\n'), 'b')).toEqual([Number.NaN]);
  });

  it('an empty cell is NaN in a numeric column and "" in a label column', () => {
    const table = csv('x,y\n1.5,yes\n,\n-2e-3,no\n');
    expect(table.column('x').kind).toBe('numeric');
    expect(values(table, 'x')).toEqual([1.5, Number.NaN, -0.002]);
    expect(values(table, 'y')).toEqual(['yes', '', 'no']);
  });

  it('a column is numeric only when every non-empty cell is a finite decimal number', () => {
    const table = csv('a,b,c,d,e\n1,1,1,0x10,1\n2,NA,1e999,2,.5\n');
    expect(table.column('a').kind).toBe('numeric');
    expect(values(table, 'b')).toEqual(['1', 'NA']);
    expect(table.column('c').kind).toBe('label'); // 1e999 overflows
    expect(table.column('d').kind).toBe('label'); // no hexadecimal
    expect(values(table, 'e')).toEqual([1, 0.5]);
  });

  it('labelColumns keeps numeric-looking columns as text; delimiter reads other separators', () => {
    const table = csv('zip;n\n01234;1\n', { labelColumns: ['zip'], delimiter: ';' });
    expect(values(table, 'zip')).toEqual(['01234']);
    expect(values(table, 'n')).toEqual([1]);
  });

  it('a header without rows is a table of zero rows', () => {
    const table = csv('a,b\n');
    expect(table.rows).toBe(0);
    expect(table.column('a').values).toHaveLength(0);
  });

  it('says which row has the wrong number of fields, counting data rows and file lines', () => {
    expect(message(() => csv('a,b,c\n1,2,3\n"x\ny",2,3\n1,2\n'))).toBe(
      'row 3 (line 5) has 2 fields but the header has 3',
    );
  });

  it('refuses a quote left open, text after a closing quote and a bare quote', () => {
    expect(message(() => csv('a,b\n1,"unfinished\n'))).toMatch(
      /^line 2: the quoted field 2 is never closed/,
    );
    expect(message(() => csv('a,b\n"x"y,1\n'))).toMatch(
      /^line 2: field 1 has text after its closing quote/,
    );
    expect(message(() => csv('a,b\n5\'10",1\n'))).toMatch(
      /^line 2: field 1 holds a quote but is not quoted/,
    );
  });

  it('refuses an empty file, empty or repeated header names, bad delimiters and non-UTF-8 bytes', () => {
    expect(message(() => csv(''))).toBe('the CSV is empty; expected a header row');
    expect(message(() => csv('a,,c\n'))).toMatch(/header column 2 has an empty name/);
    expect(message(() => csv('a,b,a\n'))).toBe("column name 'a' appears twice in the header");
    expect(message(() => csv('a\n', { delimiter: '"' }))).toMatch(/must be one character/);
    expect(message(() => parseDataset(Uint8Array.of(0x61, 0xff), { format: 'csv' }))).toBe(
      'the dataset is not valid UTF-8 text',
    );
    expect(message(() => csv('a\n1\n', { labelColumns: ['b'] }))).toMatch(
      /labelColumns names 'b', which is not a column/,
    );
  });
});

describe('parseDataset(bytes, { format: "json" })', () => {
  it('reads { columns, rows } with null as a missing value', () => {
    const table = json({
      columns: ['x', 'y'],
      rows: [
        [1, 'a'],
        [null, 'b'],
        [3, null],
      ],
    });
    expect(values(table, 'x')).toEqual([1, Number.NaN, 3]);
    expect(values(table, 'y')).toEqual(['a', 'b', '']);
  });

  it('reads an array of records; keys in first-seen order, a missing key is a missing value', () => {
    const table = json([
      { x: 1, y: 'a' },
      { y: 'b', z: 2 },
    ]);
    expect(table.columns).toEqual(['x', 'y', 'z']);
    expect(values(table, 'x')).toEqual([1, Number.NaN]);
    expect(values(table, 'z')).toEqual([Number.NaN, 2]);
  });

  it('a column mixing numbers and strings is a label column; numeric strings stay strings', () => {
    const table = json({
      columns: ['m', 's'],
      rows: [
        [1, '1'],
        ['a', '2'],
      ],
    });
    expect(table.column('m')).toEqual({ name: 'm', kind: 'label', values: ['1', 'a'] });
    expect(table.column('s').kind).toBe('label');
  });

  it('says what is wrong: row lengths, cell types, shape, syntax', () => {
    expect(message(() => json({ columns: ['a', 'b'], rows: [[1, 2], [1]] }))).toBe(
      'rows[1] has 1 value but columns has 2',
    );
    expect(message(() => json({ columns: ['a'], rows: [[true]] }))).toBe(
      "rows[0][0] (column 'a') is a boolean; expected a number, a string or null",
    );
    expect(message(() => json([{ a: { b: 1 } }]))).toBe(
      'records[0].a is an object; expected a number, a string or null',
    );
    expect(message(() => json([1]))).toMatch(/^records\[0\] is not an object/);
    expect(message(() => json({ cols: ['a'] }))).toMatch(/^unexpected key 'cols'/);
    expect(message(() => json('text'))).toMatch(/^a JSON dataset is/);
    expect(
      message(() => parseDataset(utf8('{"columns": ["a"], "rows": [[1]'), { format: 'json' })),
    ).toMatch(/^the dataset is not valid JSON \(/);
    expect(
      message(() => parseDataset(utf8('a'), { format: 'xlsx' } as unknown as { format: 'csv' })),
    ).toBe(
      "format \"xlsx\" is not supported here; expected 'csv' or 'json' (Parquet and every other format: readDataset)",
    );
  });
});

describe('createDataTable(columns)', () => {
  it('table.column(name) names the columns when the name is unknown', () => {
    const table = createDataTable([
      { name: 'x', kind: 'numeric', values: Float64Array.of(1, 2) },
      { name: 'y', kind: 'label', values: ['a', 'b'] },
    ]);
    expect(message(() => table.column('z'))).toBe(
      "the table has no column 'z'; its columns are x, y",
    );
  });

  it('refuses columns of different lengths and repeated names', () => {
    expect(
      message(() =>
        createDataTable([
          { name: 'x', kind: 'numeric', values: Float64Array.of(1, 2) },
          { name: 'y', kind: 'label', values: ['a'] },
        ]),
      ),
    ).toBe("column 'y' has 1 values but column 'x' has 2");
    expect(message(() => createDataTable([]))).toBe('a table needs at least one column');
  });
});
