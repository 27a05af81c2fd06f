import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../errors/index.js';
import { computeMetric } from '../../computeMetric.js';
import { residuals } from '../residuals.js';

interface Case {
  name: string;
  bins: 'auto' | number;
  values: number[];
  edges: number[];
  counts: number[];
}

/** numpy.histogram (scripts/reference/histogram.py): residuals of predictions 0 are the values. */
const reference = JSON.parse(
  readFileSync(
    new URL('../../../stats/__tests__/reference/histogram.json', import.meta.url),
    'utf8',
  ),
) as { cases: Case[] };

describe('residuals', () => {
  it.each(reference.cases.filter((c) => c.bins === 'auto').map((c) => [c.name, c] as const))(
    'bins the residuals as numpy.histogram(bins="auto"): %s',
    (_, c) => {
      const shift = 10;
      // yTrue − yPred = the case's values, with predictions that are not all zero.
      const yPred = c.values.map((_, i) => shift + i);
      const yTrue = c.values.map((v, i) => v + (yPred[i] as number));
      const got = residuals(yTrue, yPred);
      const r = yTrue.map((t, i) => t - (yPred[i] as number));
      const expected = residuals(r, new Array(r.length).fill(0)).histogram;
      expect(got.histogram.counts).toEqual(expected.counts);
      expect(got.histogram.counts.reduce((a, b) => a + b, 0)).toBe(c.values.length);
      const exact = residuals(c.values, new Array(c.values.length).fill(0)).histogram;
      expect(exact.counts).toEqual(c.counts);
    },
  );

  it('gives the mean and population standard deviation (numpy.mean, numpy.std)', () => {
    const got = residuals([3, 5, 7, 9], [2, 5, 8, 8]);
    expect(got.mean).toBeCloseTo(0.25, 15);
    expect(got.std).toBeCloseTo(Math.sqrt((0.75 ** 2 + 0.25 ** 2 + 1.25 ** 2 + 0.75 ** 2) / 4), 15);
    expect(got.points).toEqual({
      rows: [0, 1, 2, 3],
      predicted: [2, 5, 8, 8],
      residual: [1, 0, -1, 1],
    });
  });

  it('keeps an evenly spaced sample of maxPoints rows, the histogram over every row', () => {
    const n = 10_001;
    const yTrue = Array.from({ length: n }, (_, i) => i % 7);
    const yPred = new Array<number>(n).fill(3);
    const got = residuals(yTrue, yPred, { maxPoints: 100 });
    expect(got.points.rows).toHaveLength(100);
    expect(got.points.rows[0]).toBe(0);
    expect(got.points.rows[1]).toBe(100);
    expect(got.points.rows[99]).toBe(9900);
    expect(got.points.residual[1]).toBe((100 % 7) - 3);
    expect(got.histogram.counts.reduce((a, b) => a + b, 0)).toBe(n);
  });

  it('is a registered metric whose input takes no weights', () => {
    const result = computeMetric(
      'residuals',
      { yTrue: [1, 2, 4], yPred: [1, 1, 1] },
      { maxPoints: 2 },
    );
    expect(result).toMatchObject({ n: 3, points: { rows: [0, 1] } });
    expect(() =>
      computeMetric('residuals', { yTrue: [1, 2], yPred: [1, 1], sampleWeight: [1, 1] }),
    ).toThrow(InvalidInputError);
    expect(() => computeMetric('residuals', { yTrue: [1, 2], yPred: [1] })).toThrow(
      InvalidInputError,
    );
  });
});
