/**
 * The two-sample Kolmogorov–Smirnov test on large samples (the asymptotic two-sided p-value, SciPy's
 * `kstwo.sf(d, round(en))`), the distributions behind it, and the chi-square test of independence,
 * against the cases `scripts/reference/ks_2samp.py` generated with SciPy (the version is in each
 * JSON file): `ks_2samp`, `stats.kstwo.sf`, `special.smirnov` and `chi2_contingency`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { chiSquareContingency } from '../chiSquareContingency.js';
import { kolmogorovSmirnovSf, smirnovSf } from '../distributions/kolmogorovSmirnov.js';
import { ks2Sample } from '../ks2Sample.js';
import type { TTestAlternative } from '../welchTTest.js';

const reference = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`./reference/${name}`, import.meta.url), 'utf8')) as T;

function close(actual: number, expected: number, rel: number) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected) + 1e-300);
}

interface Recipe {
  n: number;
  alpha: number;
  shift: number;
  square: boolean;
}
/** The generator's samples, rebuilt with the same IEEE operations. */
const sample = ({ n, alpha, shift, square }: Recipe) =>
  Array.from({ length: n }, (_, i) => {
    const u = ((i + 1) * alpha) % 1;
    return (square ? u * u : u) + shift;
  });

const ks = reference<{
  cases: {
    a: Recipe;
    b: Recipe;
    method: 'auto' | 'asymp';
    alternative: TTestAlternative;
    statistic: number;
    pvalue: number;
    call: string;
  }[];
  kstwo: { n: number; d: number; sf: number }[];
  smirnov: { n: number; d: number; sf: number }[];
}>('ks_2samp.json');

describe('ks2Sample(a, b) on large samples equals SciPy ks_2samp (asymptotic, never refused)', () => {
  it.each(ks.cases.map((c) => [c.call, c] as const))('%s', (_, c) => {
    const r = ks2Sample(sample(c.a), sample(c.b), {
      method: c.method,
      alternative: c.alternative,
    });
    close(r.statistic, c.statistic, 1e-12);
    close(r.pValue, c.pvalue, 1e-9);
    if (Math.max(c.a.n, c.b.n) > 10_000) expect(r.method).toBe('asymp');
  });

  it('refuses an effective sample size that rounds to 0', () => {
    expect(() => ks2Sample([1], [2], { method: 'asymp' })).toThrow(InvalidInputError);
  });
});

describe('kolmogorovSmirnovSf(n, d) equals SciPy kstwo.sf(d, n) on every method’s range', () => {
  it.each(ks.kstwo.map((c) => [`kstwo.sf(${c.d}, ${c.n})`, c] as const))('%s', (_, c) => {
    close(kolmogorovSmirnovSf(c.n, c.d), c.sf, 1e-9);
  });
});

describe('smirnovSf(n, d) equals SciPy special.smirnov(n, d)', () => {
  it.each(ks.smirnov.map((c) => [`smirnov(${c.n}, ${c.d})`, c] as const))('%s', (_, c) => {
    close(smirnovSf(c.n, c.d), c.sf, 1e-9);
  });
});

describe('chiSquareContingency(table) equals SciPy chi2_contingency', () => {
  const { cases } = reference<{
    cases: {
      table: number[][];
      correction: boolean;
      chi2: number;
      pvalue: number;
      dof: number;
      expected: number[][];
    }[];
  }>('chi2_contingency.json');
  it.each(
    cases.map(
      (c) =>
        [`chi2_contingency(${JSON.stringify(c.table)}, correction=${c.correction})`, c] as const,
    ),
  )('%s', (_, c) => {
    const r = chiSquareContingency(c.table, { correction: c.correction });
    expect(r.df).toBe(c.dof);
    close(r.chi2, c.chi2, 1e-12);
    close(r.pValue, c.pvalue, 1e-10);
    for (const [i, row] of r.expected.entries()) {
      for (const [j, e] of row.entries()) close(e, c.expected[i]?.[j] as number, 1e-14);
    }
  });

  it('refuses a row or column without observations, a ragged table and negative counts', () => {
    expect(() =>
      chiSquareContingency([
        [0, 0],
        [1, 2],
      ]),
    ).toThrow(/expected count of table\[0\]\[0\] is 0/);
    expect(() => chiSquareContingency([[1, 2], [3]])).toThrow(/table\[1\] has 1 columns/);
    expect(() =>
      chiSquareContingency([
        [1, -2],
        [3, 4],
      ]),
    ).toThrow(/non-negative/);
    expect(() => chiSquareContingency([])).toThrow(InvalidInputError);
  });
});
