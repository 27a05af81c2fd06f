/**
 * The featurizer against scikit-learn 1.2.1 and pandas on generated tables:
 * `reference/automl_featurize.json` (scripts/reference/automl_featurize.py) holds per case a
 * training CSV, a test CSV (gaps, unseen categories) and the matrix scikit-learn's transforms
 * (SimpleImputer, MissingIndicator, StandardScaler, OneHotEncoder with handle_unknown='ignore' or
 * max_categories + 'infrequent_if_exist', FeatureHasher(input_type='string') on the imputed value
 * of a high-cardinality column, pandas dt parts) give for the test rows when fitted on the
 * training rows.
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
  type HashedPlan,
  hashColumn,
  inferColumnType,
  murmurhash3String,
  planOutputs,
  transformRaw,
} from '../featurize/index.js';

interface Case {
  name: string;
  maxCategories: number;
  highCardinality: 'hashing' | 'infrequent';
  hashFeatures: number;
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
      const spec = fitFeaturizer(train, train.columns, {
        maxCategories: c.maxCategories,
        highCardinality: c.highCardinality,
        hashFeatures: c.hashFeatures,
      });
      expect(spec.dropped.map((d) => d.name)).toEqual(c.dropped);
      expect(spec.outputs.length).toBe(c.cols);
      const hashed = spec.columns.filter((p) => p.type === 'hashed');
      expect(hashed.map((p) => p.nFeatures)).toEqual(
        c.highCardinality === 'hashing' ? [c.hashFeatures] : [],
      );
      const out = transformRaw(spec, encodeTable(spec, test), test.rows);
      expect(out.length).toBe(c.expected.length);
      let hashedChecked = 0;
      out.forEach((v, i) => {
        const e = c.expected[i] as number;
        if ((spec.outputs[i % c.cols] as string).includes('#')) {
          // FeatureHasher's columns: within 1e-12 (they are 0 and ±1).
          expect(
            Math.abs(v - e),
            `row ${Math.floor(i / c.cols)} ${spec.outputs[i % c.cols]}`,
          ).toBeLessThanOrEqual(1e-12);
          hashedChecked++;
        } else {
          expect(v).toBeCloseTo(e, 9);
        }
      });
      expect(hashedChecked).toBe(test.rows * (hashed[0]?.nFeatures ?? 0));
    });
  }

  it('the hashed test rows hold unseen categories, non-ASCII ones and gaps, with both signs', () => {
    const c = cases.find((k) => k.name.includes('into 32 columns')) as Case;
    const train = csv(c.train);
    const test = csv(c.test);
    const place = (t: typeof train) => t.column('place').values as readonly string[];
    const seen = new Set(place(train));
    const unseen = place(test).filter((v) => v !== '' && !seen.has(v));
    expect(unseen.length).toBeGreaterThan(0);
    expect(place(test)).toContain('');
    const nonAscii = (v: string) => [...v].some((ch) => (ch.codePointAt(0) as number) > 0x7f);
    expect(place(test).some(nonAscii)).toBe(true);
    expect(unseen.some(nonAscii)).toBe(true);
    expect(c.expected).toContain(-1);
  });

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

describe('hashing high-cardinality columns', () => {
  const rows = 120;
  const table = createDataTable([
    {
      name: 'shop',
      kind: 'label',
      values: Array.from({ length: rows }, (_, i) => (i % 17 === 0 ? '' : `shop ${i % 40}`)),
    },
    { name: 'size', kind: 'label', values: Array.from({ length: rows }, (_, i) => `s${i % 3}`) },
  ]);

  it('hashes a column above maxCategories into hashFeatures columns, by default 32', () => {
    const spec = fitFeaturizer(table, ['shop', 'size']);
    const [shop, size] = spec.columns as [ColumnPlan, ColumnPlan];
    expect(shop).toEqual({
      name: 'shop',
      type: 'hashed',
      inferred: 'categorical',
      nFeatures: 32,
      nCategories: 40,
      // Each shop 3 times, but the gaps (i % 17 = 0) take one of 'shop 0', 'shop 17', …: of the
      // shops left with 3, the smallest in code-point order is 'shop 1'.
      mostFrequentHash: murmurhash3String('shop 1'),
      indicator: true,
    });
    expect(size.type).toBe('categorical');
    expect(spec.outputs.slice(0, 33)).toEqual([
      ...Array.from({ length: 32 }, (_, k) => `shop#${k}`),
      'shop__missing',
    ]);
    expect(spec.sources.slice(0, 33)).toEqual(new Array(33).fill(0));
    expect(planOutputs(shop)).toEqual(spec.outputs.slice(0, 33));
    expect(fitFeaturizer(table, ['shop'], { hashFeatures: 8 }).outputs).toHaveLength(9);
  });

  it("keeps the grouping with highCardinality: 'infrequent'", () => {
    const spec = fitFeaturizer(table, ['shop'], { highCardinality: 'infrequent' });
    const plan = spec.columns[0] as ColumnPlan;
    expect(plan.type).toBe('categorical');
    expect(spec.outputs).toHaveLength(19 + 1 + 1);
    expect(spec.outputs.at(-2)).toBe('shop=__infrequent');
  });

  it('codes values by their hash (unseen ones too) and places ±1 by |h| mod n and the sign', () => {
    const spec = fitFeaturizer(table, ['shop'], { hashFeatures: 7 });
    const plan = spec.columns[0] as HashedPlan;
    const values = ['shop 3', 'never seen', '東京 🚀', null, 7];
    const codes = Float64Array.from(values, (v) => encodeRawValue(plan, v));
    expect(Array.from(codes.slice(0, 3))).toEqual(
      ['shop 3', 'never seen', '東京 🚀'].map((v) => murmurhash3String(v)),
    );
    expect(codes[3]).toBeNaN();
    expect(codes[4]).toBe(murmurhash3String('7'));
    const out = transformRaw(spec, codes, values.length);
    const width = 8;
    values.forEach((_, i) => {
      const h = Number.isNaN(codes[i] as number) ? plan.mostFrequentHash : (codes[i] as number);
      const row = Array.from(out.slice(i * width, (i + 1) * width));
      const expected = new Array(width).fill(0);
      expected[Math.abs(h) % 7] = h >= 0 ? 1 : -1;
      expected[7] = i === 3 ? 1 : 0;
      expect(row).toEqual(expected);
    });
    expect(() => encodeRawValue(plan, { a: 1 })).toThrow(/expected a category/);
  });

  it('sends h = −2³¹ to column 2³¹ mod n with a minus sign, as FeatureHasher', () => {
    // _hashing_fast.pyx writes that column as (2³¹ − 1 − (n − 1)) mod n.
    for (const n of [1, 7, 8, 32, 1000]) {
      expect(hashColumn(-(2 ** 31), n)).toBe((2 ** 31 - 1 - (n - 1)) % n);
    }
    const spec = fitFeaturizer(table, ['shop'], { hashFeatures: 7 });
    const out = transformRaw(spec, Float64Array.of(-(2 ** 31)), 1);
    expect(Array.from(out)).toEqual([0, 0, -1, 0, 0, 0, 0, 0]);
  });

  it('refuses hashFeatures out of range and an unknown highCardinality', () => {
    expect(() => fitFeaturizer(table, ['shop'], { hashFeatures: 0 })).toThrow(
      'hashFeatures must be an integer from 1 to 1048576; got 0',
    );
    expect(() => fitFeaturizer(table, ['shop'], { hashFeatures: 2.5 })).toThrow(/hashFeatures/);
    expect(() =>
      fitFeaturizer(table, ['shop'], {
        highCardinality: 'target' as unknown as 'hashing',
      }),
    ).toThrow(`highCardinality must be 'hashing' or 'infrequent'; got "target"`);
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
