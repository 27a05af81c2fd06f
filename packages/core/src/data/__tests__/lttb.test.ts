import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lttb, type SeriesPoint } from '../lttb.js';

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/lttb.json', import.meta.url), 'utf8'),
) as { cases: { n: number; threshold: number; seed: number; indices: number[] }[] };

/** The series of scripts/reference/lttb/generate.cjs (same arithmetic, same numbers). */
function series(n: number, seed: number): SeriesPoint[] {
  let s = seed;
  const out: SeriesPoint[] = [];
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out.push({
      x: i,
      y: Math.sin(i / 25) * 10 + (s / 2147483648 - 0.5) * 4 + (i % 97 === 0 ? 15 : 0),
    });
  }
  return out;
}

describe('lttb', () => {
  it.each(fixture.cases)(
    'keeps the points Steinarsson’s LTTB keeps (n=$n, threshold=$threshold)',
    (c) => {
      const picked = lttb(series(c.n, c.seed), c.threshold);
      expect(picked.map((p) => p.x)).toEqual(c.indices);
    },
  );

  it('keeps the first and last points and answers threshold points', () => {
    const data = series(5000, 9);
    const picked = lttb(data, 200);
    expect(picked).toHaveLength(200);
    expect(picked[0]).toBe(data[0]);
    expect(picked.at(-1)).toBe(data.at(-1));
  });

  it('keeps a lone spike a plain every-k-th sample would miss', () => {
    const data = Array.from({ length: 10_000 }, (_, x) => ({ x, y: x === 4321 ? 100 : 0 }));
    expect(lttb(data, 50).some((p) => p.y === 100)).toBe(true);
  });

  it('returns a copy of a series already short enough, or for a threshold below 3', () => {
    const data = series(10, 1);
    expect(lttb(data, 10)).toEqual(data);
    expect(lttb(data, 2)).toEqual(data);
    expect(lttb(data, 10)).not.toBe(data);
    expect(lttb([], 5)).toEqual([]);
  });
});
