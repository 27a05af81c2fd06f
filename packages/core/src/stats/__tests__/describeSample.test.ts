import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { describeSample } from '../describeSample.js';
import { histogramCounts } from '../histogramCounts.js';

/** NumPy 1.24's mean, percentile and searchsorted bins (scripts/reference/describe_sample.py). */
const reference = JSON.parse(
  readFileSync(new URL('./reference/describe_sample.json', import.meta.url), 'utf8'),
) as {
  qs: number[];
  edges: number[];
  cases: {
    name: string;
    values: number[];
    mean: number;
    percentiles: number[];
    histogram: number[];
  }[];
};

const close = (actual: number | null, expected: number) =>
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(
    1e-12 * Math.max(1, Math.abs(expected)),
  );

describe('describeSample (NumPy mean and percentile, linear)', () => {
  for (const c of reference.cases) {
    it(`${c.name}: n, mean and percentiles ${reference.qs.join(', ')}`, () => {
      const s = describeSample(c.values, reference.qs);
      expect(s.n).toBe(c.values.length);
      close(s.mean, c.mean);
      for (const [i, p] of c.percentiles.entries()) close(s.percentiles[i] as number, p);
    });
  }

  it('an empty sample is n = 0 with null mean and percentiles; the default asks p50, p90, p99', () => {
    expect(describeSample([])).toEqual({ n: 0, mean: null, percentiles: [null, null, null] });
    expect(describeSample([4, 1, 3, 2])).toEqual({
      n: 4,
      mean: 2.5,
      percentiles: [2.5, expect.closeTo(3.7, 12), expect.closeTo(3.97, 12)],
    });
  });

  it('refuses a value that is not finite and a percentile outside 0–100, naming it', () => {
    for (const [values, qs, path] of [
      [[1, Number.NaN], [50], ['values', 1]],
      [[1, Number.POSITIVE_INFINITY], [50], ['values', 1]],
      [
        [1, 2],
        [50, 101],
        ['percentiles', 1],
      ],
      [[1, 2], [-1], ['percentiles', 0]],
    ] as const) {
      try {
        describeSample(values, qs);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidInputError);
        expect((error as InvalidInputError).issues[0]?.path).toEqual(path);
      }
    }
  });
});

describe('histogramCounts (NumPy searchsorted bins, first and last open-ended)', () => {
  for (const c of reference.cases) {
    it(`${c.name}: counts over the latency edges`, () => {
      const counts = histogramCounts(c.values, reference.edges);
      expect(counts).toEqual(c.histogram);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(c.values.length);
    });
  }

  it('one edge: one bin with everything; refuses edges that do not increase, and NaN', () => {
    expect(histogramCounts([-1, 0, 1e9], [0])).toEqual([3]);
    expect(histogramCounts([], [0, 1])).toEqual([0, 0]);
    expect(() => histogramCounts([1], [])).toThrow(InvalidInputError);
    expect(() => histogramCounts([1], [0, 1, 1])).toThrow(/edges must increase strictly/);
    expect(() => histogramCounts([Number.NaN], [0, 1])).toThrow(/values\[0\]/);
  });
});
