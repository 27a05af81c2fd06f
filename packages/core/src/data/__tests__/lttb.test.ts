import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lttb, lttbKeepingExtremes, type SeriesPoint } from '../lttb.js';

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

describe('lttbKeepingExtremes', () => {
  // A slow wave with a one-point dip right after a steep jump: the jump's points make the larger
  // triangles, so plain LTTB leaves the dip (the series' minimum) out.
  const dipped = () =>
    Array.from({ length: 1_000 }, (_, x) => ({
      x,
      y: x === 501 ? -5 : x >= 500 ? 100 + Math.sin(x / 30) : Math.sin(x / 30),
    }));

  it('is LTTB to threshold − 2 plus the lowest and highest points, in order', () => {
    const data = dipped();
    expect(lttb(data, 20).some((p) => p.x === 501)).toBe(false);
    const kept = lttbKeepingExtremes(data, 20);
    expect(kept.length).toBeLessThanOrEqual(20);
    const base = lttb(data, 18);
    const lowest = data.reduce((a, p) => (p.y < a.y ? p : a));
    const highest = data.reduce((a, p) => (p.y > a.y ? p : a));
    const expected = [...new Set([...base, lowest, highest])].sort((a, b) => a.x - b.x);
    expect(kept).toEqual(expected);
    expect(kept).toContain(data[501]);
    expect(kept[0]).toBe(data[0]);
    expect(kept.at(-1)).toBe(data.at(-1));
  });

  it('adds nothing when LTTB already kept both extremes, and keeps ties to the first', () => {
    const data = series(5_000, 9);
    const kept = lttbKeepingExtremes(data, 200);
    const base = lttb(data, 198);
    const ys = data.map((p) => p.y);
    type Point = (typeof data)[number];
    const lowest = data[ys.indexOf(Math.min(...ys))] as Point;
    const highest = data[ys.indexOf(Math.max(...ys))] as Point;
    expect(kept).toEqual([...new Set([...base, lowest, highest])].sort((a, b) => a.x - b.x));
    const flat = Array.from({ length: 100 }, (_, x) => ({ x, y: x === 0 || x === 99 ? 1 : 0 }));
    const flatKept = lttbKeepingExtremes(flat, 10);
    expect(flatKept[0]).toBe(flat[0]);
    expect(flatKept).toContain(flat[1]);
  });

  it('is plain LTTB below a threshold of 5, and the whole series when short enough', () => {
    const data = series(100, 3);
    expect(lttbKeepingExtremes(data, 4)).toEqual(lttb(data, 4));
    expect(lttbKeepingExtremes(data, 100)).toEqual(data);
    expect(lttbKeepingExtremes(data, 100)).not.toBe(data);
  });
});
