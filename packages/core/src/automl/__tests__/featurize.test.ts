/**
 * The featurizer against scikit-learn 1.2.1 and pandas on generated tables:
 * `reference/automl_featurize.json` (scripts/reference/automl_featurize.py) holds per case a
 * training CSV, a test CSV (gaps, unseen categories) and the matrix scikit-learn's transforms
 * (SimpleImputer, MissingIndicator, StandardScaler, OneHotEncoder with handle_unknown='ignore' or
 * max_categories + 'infrequent_if_exist', pandas dt parts) give for the test rows when fitted on
 * the training rows.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDataTable } from '../../data/createDataTable.js';
import { parseDataset } from '../../data/parseDataset.js';
import {
  type ColumnPlan,
  encodeRawValue,
  encodeTable,
  fitFeaturizer,
  inferColumnType,
  transformRaw,
} from '../featurize/index.js';

interface Case {
  name: string;
  maxCategories: number;
  train: string;
  test: string;
  dropped: string[];
  cols: number;
  expected: number[];
}

const { cases } = JSON.parse(
  readFileSync(new URL('./reference/automl_featurize.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

const csv = (text: string) => parseDataset(new TextEncoder().encode(text), { format: 'csv' });

describe('fitFeaturizer + transformRaw equal scikit-learn', () => {
  for (const c of cases) {
    it(`${c.name}: test rows after fitting on training rows`, () => {
      const train = csv(c.train);
      const test = csv(c.test);
      const spec = fitFeaturizer(train, train.columns, { maxCategories: c.maxCategories });
      expect(spec.dropped.map((d) => d.name)).toEqual(c.dropped);
      expect(spec.outputs.length).toBe(c.cols);
      const out = transformRaw(spec, encodeTable(spec, test), test.rows);
      expect(out.length).toBe(c.expected.length);
      out.forEach((v, i) => {
        expect(v).toBeCloseTo(c.expected[i] as number, 9);
      });
    });
  }

  it('gives each dropped column its reason', () => {
    const train = csv((cases[0] as Case).train);
    const spec = fitFeaturizer(train, train.columns);
    expect(spec.dropped).toEqual([
      { name: 'id', inferred: 'identifier', reason: 'identifier-like: every value is distinct' },
      {
        name: 'x1_copy',
        inferred: 'numeric',
        reason: expect.stringMatching(/^near-duplicate of 'x1' \(Pearson r = 1\.0000\)$/),
      },
      { name: 'const', inferred: 'constant', reason: 'constant: at most one distinct value' },
    ]);
    expect(spec.sources.length).toBe(spec.outputs.length);
  });
});

describe('inferColumnType', () => {
  const text = (values: string[]) => ({ name: 'c', kind: 'label' as const, values });
  it('tells dates, booleans, free text, identifiers and categories apart', () => {
    expect(inferColumnType(text(['2024-01-02', '2024-02-03T10:00:00Z', '']))).toBe('datetime');
    expect(inferColumnType(text(['Yes', 'No', 'Yes']))).toBe('boolean');
    expect(
      inferColumnType(text(['the cat sat down', 'a dog ran far away', 'it rained all day long'])),
    ).toBe('text');
    expect(inferColumnType(text(Array.from({ length: 25 }, (_, i) => `u${i}`)))).toBe('identifier');
    expect(inferColumnType(text(['a', 'b', 'a', 'c']))).toBe('categorical');
    expect(
      inferColumnType({ name: 'n', kind: 'numeric', values: Float64Array.of(0, 1, 1, Number.NaN) }),
    ).toBe('boolean');
  });
});

describe('encodeRawValue', () => {
  const table = createDataTable([
    { name: 'n', kind: 'numeric', values: Float64Array.of(1, 2, 3) },
    { name: 'c', kind: 'label', values: ['a', 'b', 'a'] },
  ]);
  const spec = fitFeaturizer(table, ['n', 'c']);
  const [n, c] = spec.columns as [ColumnPlan, ColumnPlan];
  it('codes numbers, categories (−1 unseen) and gaps (NaN)', () => {
    expect(encodeRawValue(n, 2.5)).toBe(2.5);
    expect(encodeRawValue(n, '4')).toBe(4);
    expect(encodeRawValue(n, null)).toBeNaN();
    expect(encodeRawValue(c, 'b')).toBe(1);
    expect(encodeRawValue(c, 'z')).toBe(-1);
    expect(encodeRawValue(c, '')).toBeNaN();
  });
  it('refuses a value of the wrong type, naming the column', () => {
    expect(() => encodeRawValue(n, 'abc')).toThrow(
      `feature 'n' has "abc"; expected a number or null`,
    );
    expect(() => encodeRawValue(c, { a: 1 })).toThrow(
      /feature 'c' has \{"a":1\}; expected a category/,
    );
  });
});
