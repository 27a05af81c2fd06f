/**
 * McNemar, the paired t-test and the Wilcoxon signed-rank test against their references, on the
 * cases `scripts/reference/paired_tests.py` generated (statsmodels 0.13.5 `mcnemar`, SciPy 1.10.1
 * `ttest_rel` and `wilcoxon`); the versions are in each JSON file.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { computeMetric } from '../../metrics/computeMetric.js';
import { type McNemarTable, mcnemar, mcnemarTable } from '../mcnemar.js';
import { pairedTTest } from '../pairedTTest.js';
import type { TTestAlternative } from '../welchTTest.js';
import {
  type WilcoxonMethod,
  type WilcoxonZeroMethod,
  wilcoxonSignedRank,
} from '../wilcoxonSignedRank.js';

const reference = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`./reference/${name}`, import.meta.url), 'utf8')) as T;

/** Relative tolerance 1e-9 (absolute below 1e-300): the p-values are sums of special functions. */
function close(actual: number, expected: number, rel = 1e-9) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected) + 1e-300);
}

interface McNemarCase {
  table: McNemarTable;
  exact: boolean;
  correction: boolean;
  call: string;
  statistic: number;
  pvalue: number;
}

describe('mcnemar(table, options) equals statsmodels mcnemar', () => {
  const { cases } = reference<{ cases: McNemarCase[] }>('mcnemar.json');
  it(`has many cases (${cases.length})`, () => expect(cases.length).toBeGreaterThan(100));
  it.each(cases.map((c) => [c.call, c] as const))('%s', (_, c) => {
    const r = mcnemar(c.table, { exact: c.exact, correction: c.correction });
    close(r.statistic, c.statistic);
    close(r.pValue, c.pvalue);
    expect(r.method).toBe(c.exact ? 'exact' : 'chi2');
  });

  it('mcnemarTable counts paired correctness (row = A, column = B)', () => {
    expect(
      mcnemarTable([true, true, false, false, 1, 0], [true, false, true, false, 0, 0]),
    ).toEqual([
      [1, 2],
      [1, 2],
    ]);
  });

  it('the registered metric takes a table or correctness vectors', () => {
    const a = computeMetric(
      'mcnemar',
      {
        table: [
          [59, 6],
          [16, 80],
        ],
      },
      { exact: false },
    );
    const b = computeMetric(
      'mcnemar',
      {
        correctA: [...Array(65).fill(true), ...Array(96).fill(false)],
        correctB: [
          ...Array(59).fill(true),
          ...Array(6).fill(false),
          ...Array(16).fill(true),
          ...Array(80).fill(false),
        ],
      },
      { exact: false },
    );
    expect(b).toEqual(a);
    // statsmodels: mcnemar([[59, 6], [16, 80]], exact=False) → statistic 3.6818181818181817
    close(a.statistic as number, 3.6818181818181817);
  });

  it('throws for χ² with no discordant pair, and for a bad cell', () => {
    expect(() =>
      mcnemar(
        [
          [3, 0],
          [0, 4],
        ],
        { exact: false },
      ),
    ).toThrow(/no discordant pairs/);
    expect(
      mcnemar([
        [3, 0],
        [0, 4],
      ]).pValue,
    ).toBe(1);
    expect(() =>
      mcnemar([
        [3, -1],
        [0, 4],
      ]),
    ).toThrow(InvalidInputError);
    expect(() =>
      mcnemar([
        [3, 1.5],
        [0, 4],
      ]),
    ).toThrow(/non-negative integer/);
  });
});

interface TTestCase {
  a: number[];
  b: number[];
  alternative: TTestAlternative;
  t: number;
  pvalue: number;
  df: number;
}

describe('pairedTTest(a, b) equals SciPy ttest_rel', () => {
  const { cases } = reference<{ cases: TTestCase[] }>('ttest_rel.json');
  it.each(cases.map((c, i) => [`case ${i}: n=${c.a.length}, ${c.alternative}`, c] as const))(
    '%s',
    (_, c) => {
      const r = pairedTTest(c.a, c.b, { alternative: c.alternative });
      close(r.t, c.t, 1e-10);
      close(r.pValue, c.pvalue);
      expect(r.df).toBe(c.df);
    },
  );

  it('throws when the differences have no spread, or there is one pair', () => {
    expect(() => pairedTTest([1, 2, 3], [0, 1, 2])).toThrow(/zero variance/);
    expect(() => pairedTTest([1], [0])).toThrow(/at least 2/);
    expect(() => pairedTTest([1, 2], [0])).toThrow(/a has 2 values but b has 1/);
  });
});

interface WilcoxonCase {
  sample: number;
  zero_method: WilcoxonZeroMethod;
  correction: boolean;
  alternative: TTestAlternative;
  method: WilcoxonMethod;
  statistic: number;
  pvalue: number;
}

describe('wilcoxonSignedRank(a, b, options) equals SciPy wilcoxon', () => {
  const { samples, cases } = reference<{
    samples: { label: string; a: number[]; b?: number[] }[];
    cases: WilcoxonCase[];
  }>('wilcoxon.json');
  it(`has many cases (${cases.length}) on exact and approx paths`, () => {
    expect(cases.length).toBeGreaterThan(300);
  });
  it.each(
    cases.map((c) => {
      const s = samples[c.sample] as { label: string; a: number[]; b?: number[] };
      return [
        `${s.label}: ${c.zero_method}, correction=${c.correction}, ${c.alternative}, ${c.method}`,
        c,
        s,
      ] as const;
    }),
  )('%s', (_, c, s) => {
    const r = wilcoxonSignedRank(s.a, s.b, {
      zeroMethod: c.zero_method,
      correction: c.correction,
      alternative: c.alternative,
      method: c.method,
    });
    close(r.statistic, c.statistic, 1e-12);
    close(r.pValue, c.pvalue);
  });

  it('auto is exact for n ≤ 50 without zeros, approx with a zero or beyond 50', () => {
    expect(wilcoxonSignedRank([1, -2, 3, 4, 5]).method).toBe('exact');
    expect(wilcoxonSignedRank([0, -2, 3, 4, 5]).method).toBe('approx');
    const big = Array.from({ length: 51 }, (_, i) => (i % 3 === 0 ? -1 : 1) * (i + 1));
    expect(wilcoxonSignedRank(big).method).toBe('approx');
  });

  it('throws when every difference is zero (wilcox), or the input is empty', () => {
    expect(() => wilcoxonSignedRank([1, 2], [1, 2])).toThrow(/every difference is zero/);
    expect(() => wilcoxonSignedRank([])).toThrow(InvalidInputError);
  });
});
