import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { histogram } from '../histogram.js';

interface Case {
  name: string;
  bins: 'auto' | number;
  values: number[];
  edges: number[];
  counts: number[];
}

/** numpy.histogram with bins='auto' and bins=7 (scripts/reference/histogram.py). */
const reference = JSON.parse(
  readFileSync(new URL('./reference/histogram.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

describe('histogram (NumPy 1.24 numpy.histogram)', () => {
  it.each(reference.cases.map((c) => [`${c.name}, bins=${c.bins}`, c] as const))('%s', (_, c) => {
    const got = histogram(c.values, { bins: c.bins });
    expect(got.counts).toEqual(c.counts);
    expect(got.edges).toHaveLength(c.edges.length);
    for (const [i, e] of got.edges.entries()) expect(e).toBeCloseTo(c.edges[i] as number, 12);
  });

  it('caps the number of bins at maxBins, keeping every value counted', () => {
    const lognormal = reference.cases.find(
      (c) => c.name.startsWith('lognormal') && c.bins === 'auto',
    );
    if (!lognormal) throw new Error('fixture case missing');
    expect(lognormal.counts.length).toBeGreaterThan(100);
    const got = histogram(lognormal.values, { maxBins: 100 });
    expect(got.counts).toHaveLength(100);
    expect(got.counts.reduce((a, b) => a + b, 0)).toBe(lognormal.values.length);
  });

  it('refuses an empty sample, a non-finite value and a bad bin count', () => {
    expect(() => histogram([])).toThrow(InvalidInputError);
    expect(() => histogram([1, Number.NaN])).toThrow(/values\[1\] is NaN/);
    expect(() => histogram([1, 2], { bins: 0 })).toThrow(/bins is 0/);
    expect(() => histogram([1, 2], { maxBins: 1.5 })).toThrow(/maxBins is 1.5/);
  });
});
