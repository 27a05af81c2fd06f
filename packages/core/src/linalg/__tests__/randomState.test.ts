import { describe, expect, it } from 'vitest';
import { leastSquares } from '../leastSquares.js';
import { RandomState } from '../randomState.js';

describe('RandomState (numpy legacy MT19937)', () => {
  it('np.random.RandomState(0).random_sample() = 0.5488135039273248, then 0.7151893663724195', () => {
    const rng = new RandomState(0);
    expect(rng.random()).toBe(0.5488135039273248);
    expect(rng.random()).toBe(0.7151893663724195);
  });

  it('np.random.RandomState(42).permutation(10) = [8 1 5 0 7 2 9 4 3 6]', () => {
    expect(Array.from(new RandomState(42).permutation(10))).toEqual([8, 1, 5, 0, 7, 2, 9, 4, 3, 6]);
  });

  it('rejects seeds outside [0, 2^32)', () => {
    expect(() => new RandomState(-1)).toThrow(RangeError);
    expect(() => new RandomState(2 ** 32)).toThrow(RangeError);
  });
});

describe('leastSquares(A, m, n, b)', () => {
  it('solves an overdetermined system (numpy.linalg.lstsq of [[1,0],[1,1],[1,2]], [1,2,4] = [0.8333…, 1.5])', () => {
    const x = leastSquares(
      Float64Array.from([1, 0, 1, 1, 1, 2]),
      3,
      2,
      Float64Array.from([1, 2, 4]),
    );
    expect(x[0]).toBeCloseTo(5 / 6, 14);
    expect(x[1]).toBeCloseTo(1.5, 14);
  });

  it('gives a basic solution for a rank-deficient system (duplicate column)', () => {
    const x = leastSquares(
      Float64Array.from([1, 1, 2, 2, 3, 3]),
      3,
      2,
      Float64Array.from([2, 4, 6]),
    );
    expect((x[0] as number) + (x[1] as number)).toBeCloseTo(2, 12);
  });
});
