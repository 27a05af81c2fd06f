/**
 * Fleiss' kappa and Krippendorff's alpha against the cases `scripts/reference/human_agreement.py`
 * generated: statsmodels 0.13.5 `fleiss_kappa(table, method='fleiss')`, and our Python
 * implementation of Krippendorff's published definition (the `krippendorff` package is not
 * installable here), which the script checks on the paper's worked example (α = 0.743).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { computeMetric } from '../../metrics/computeMetric.js';
import { fleissKappa } from '../fleissKappa.js';
import { krippendorffAlpha, type Rating } from '../krippendorffAlpha.js';

const reference = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`./reference/${name}`, import.meta.url), 'utf8')) as T;

function close(actual: number, expected: number | null) {
  if (expected === null) {
    expect(Number.isFinite(actual)).toBe(false);
    return;
  }
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
}

describe('fleissKappa(table) equals statsmodels fleiss_kappa(table, method="fleiss")', () => {
  const { cases } = reference<{ cases: { table: number[][]; kappa: number | null }[] }>(
    'fleiss_kappa.json',
  );
  it(`has many cases (${cases.length})`, () => expect(cases.length).toBeGreaterThan(50));
  it.each(cases.map((c, i) => [i, c] as const))('case %i', (_, c) =>
    close(fleissKappa(c.table), c.kappa),
  );

  it('is registered: computeMetric("fleissKappa") gives the same value', () => {
    const c = cases[0] as { table: number[][]; kappa: number };
    const r = computeMetric('fleissKappa', { table: c.table }, {}) as { value: number };
    close(r.value, c.kappa);
  });

  it('refuses rows with different numbers of raters, naming the row', () => {
    expect(() =>
      fleissKappa([
        [2, 1],
        [1, 1],
      ]),
    ).toThrow(/table\[1\] counts 2 ratings but table\[0\] counts 3/);
    expect(() => fleissKappa([])).toThrow(InvalidInputError);
    expect(() => fleissKappa([[1, 0]])).toThrow(/at least 2 raters/);
    expect(() => fleissKappa([[1.5, 0.5]])).toThrow(/non-negative integer/);
  });
});

describe("krippendorffAlpha(data) equals Krippendorff's nominal alpha", () => {
  const { cases } = reference<{
    cases: { data: Rating[][]; alpha: number | null; name: string }[];
  }>('krippendorff_alpha.json');
  it(`has many cases (${cases.length})`, () => expect(cases.length).toBeGreaterThan(40));
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) =>
    close(krippendorffAlpha(c.data), c.alpha),
  );

  it('reproduces the worked example of Krippendorff (2011), section C: α = 0.743', () => {
    const textbook = (cases[0] as { data: Rating[][] }).data;
    expect(krippendorffAlpha(textbook).toFixed(3)).toBe('0.743');
  });

  it('is registered: computeMetric("krippendorffAlpha") gives the same value', () => {
    const c = cases[1] as { data: Rating[][]; alpha: number };
    close(
      (computeMetric('krippendorffAlpha', { data: c.data }, {}) as { value: number }).value,
      c.alpha,
    );
  });

  it('refuses a single value (the package raises) and ragged rows', () => {
    expect(() =>
      krippendorffAlpha([
        ['a', 'a'],
        ['a', null],
      ]),
    ).toThrow(/more than one value/);
    expect(() => krippendorffAlpha([['a', 'b'], ['a']])).toThrow(/data\[1\] rates 1 units/);
    expect(() => krippendorffAlpha([])).toThrow(InvalidInputError);
  });

  it('is NaN when no unit has two ratings (0/0)', () => {
    expect(
      krippendorffAlpha([
        ['a', null],
        [null, 'b'],
      ]),
    ).toBeNaN();
  });
});
